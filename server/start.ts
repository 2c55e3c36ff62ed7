import { createServer, type Server as HttpServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import next from 'next';
import { Server as SocketServer } from 'socket.io';
import { bindPort, type Config } from '../lib/config';
import { openDatabase } from '../lib/db';
import { QR_CREATE_PATH } from '../lib/admin/health';
import { createLogger } from '../lib/log';
import { MetricsRecorder } from '../lib/metrics/recorder';
import type { ScanUpdate } from '../lib/realtime/events';
import { setServices, type Services } from '../lib/services';
import { createSimulator, type Simulator } from '../lib/simulator';
import { watchQrQuota } from '../lib/scene/qr-budget';
import { AccessTokenProvider, WeChatClient } from '../lib/wechat';
import { clientIp, sendJson } from './http-util';
import { attachAdapter } from './adapter';
import { registerDbMetrics } from './db-metrics';
import { attachAdminSocket } from './admin-socket';
import { createMetricsRoute } from './metrics-route';
import { attachRealtime } from './realtime';
import { createSecurityHeaders } from './security-headers';
import { createConnectionCap } from './socket-limits';
import { createWebhook, webhookRequest } from './webhook';
import { createOidcHandler } from './oidc';
import { createOidcProvider } from '../lib/oidc/provider';
import { RETIRED_KEY_PUBLISHED_MS } from '../lib/oidc/keys';
import { embedOriginAllowed, serveEmbed } from './embed';
import { WebhookDispatcher } from '../lib/webhooks/dispatcher';

export interface RunningServer {
  port: number;
  url: string;
  services: Services;
  http: HttpServer;
  io: SocketServer;
  /** The WeChat simulator, when it is on. */
  simulator: Simulator | null;
  close(): Promise<void>;
}

const CLEANUP_EVERY_MS = 60_000;
const QUOTA_REFRESH_MS = 5 * 60_000;

/**
 * One process, one port: the HTTP server is created with Next's handler first, the webhook and the
 * simulator are routed before Next, and Socket.IO is attached to the same server afterwards (the
 * other order answers Socket.IO's polling twice).
 */
export async function startServer(
  requested: Config,
  opts: { dir?: string; logStream?: NodeJS.WritableStream } = {},
): Promise<RunningServer> {
  let config = requested;
  const log = createLogger({ production: !config.dev, level: config.logLevel, stream: opts.logStream });
  const now = Date.now;
  const db = await openDatabase(config.databaseUrl, { now });

  const dir = opts.dir ?? path.resolve(__dirname, '..');
  const app = next({ dev: config.dev, dir, quiet: !config.dev });
  let nextHandler: ReturnType<typeof app.getRequestHandler> | null = null;
  let nextUpgrade: UpgradeHandler | null = null;
  // Settled once the server is wholly up (or failed to start): what arrives while starting waits for it.
  const started = settleable();

  let webhook: ReturnType<typeof createWebhook> | null = null;
  const securityHeaders = createSecurityHeaders({
    https: (config.publicUrlSetting ?? '').startsWith('https:'),
    dev: config.dev,
    allowSameOriginFrames: config.simulator,
    oidcRedirectOrigins: [
      ...new Set(
        config.oidcClients.flatMap((c) =>
          [...c.redirect_uris, ...c.post_logout_redirect_uris].map((u) => new URL(u).origin),
        ),
      ),
    ],
  });
  let metricsRoute: ReturnType<typeof createMetricsRoute> | null = null;
  let simulator: Simulator | null = null;
  let oidc: ReturnType<typeof createOidcHandler> | null = null;
  // Slow senders do not hold connections: headers within 10 s, a whole request within 30 s (the
  // webhook's body has its own 5 s), checked every second rather than Node's default 30 s.
  const http = createServer(
    { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 1_000 },
    (req, res) => {
      // A request that arrives while the server is starting waits for the start (see `listen` below): a
      // 503 here was the page a tab reloaded into after a dev restart, and it has no way back (issue 21).
      if (!webhook)
        return void started.promise.then(
          () => http.emit('request', req, res),
          () => res.destroy(),
        );
      // The client's address: the socket's, or with TRUST_PROXY=N the one N proxies in front of us saw.
      // A client-sent copy of our header is overwritten.
      req.headers['x-webind-ip'] = clientIp(
        req.socket.remoteAddress,
        req.headers['x-forwarded-for'],
        config.trustProxyHops,
      );
      const pathname = (req.url ?? '/').split('?')[0];
      securityHeaders(req, res, pathname);
      const fail = (err: unknown) => {
        log.error({ err, path: pathname }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'internal error' } });
        else res.destroy();
      };
      if (pathname === '/api/wechat') return void webhook(req, res).catch(fail);
      if (pathname === '/metrics' && metricsRoute) return void metricsRoute(req, res).catch(fail);
      if (oidc && (pathname === '/oidc' || pathname.startsWith('/oidc/'))) return void oidc(req, res).catch(fail);
      if (simulator && pathname.startsWith('/sim/')) return void simulator.handle(req, res).catch(fail);
      if (pathname === '/embed.js') return void serveEmbed(config, req, res).catch(fail);
      nextHandler!(req, res).catch(fail);
    },
  );

  // A ping every 45 s (Engine.IO's default is 25 s) halves the idle cost of thousands of waiting
  // browsers and still keeps a connection busier than a proxy's usual 60 s idle timeout.
  const connectionCap = createConnectionCap({
    maxPerIp: config.sockets.maxPerIp,
    trustProxyHops: config.trustProxyHops,
  });
  const io = new SocketServer(http, {
    serveClient: false,
    // The QR piece on host pages (EMBED_ORIGINS) connects cross-origin, without cookies; any other
    // foreign origin is refused at the handshake, for WebSocket as for polling. Then the per-address cap.
    // A handshake that arrives while the server is starting waits until the handlers are attached.
    allowRequest: (req, cb) =>
      void started.promise.then(
        () =>
          embedOriginAllowed(config, req.headers.origin, req.headers.host)
            ? connectionCap.allowRequest(req, cb)
            : cb('origin not allowed (EMBED_ORIGINS)', false),
        () => cb('server failed to start', false),
      ),
    // Our events are a few hundred bytes; Engine.IO's default lets a client send 1 MB messages.
    maxHttpBufferSize: 16 * 1024,
    // Nor is there anything to gain from compressing them (both stay off, whatever a default becomes).
    perMessageDeflate: false,
    httpCompression: false,
    transports: ['websocket', 'polling'],
    pingInterval: 45_000,
    pingTimeout: 20_000,
    cors: { origin: (origin, cb) => cb(null, embedOriginAllowed(config, origin, undefined)), credentials: false },
    // Upgrades that are not Socket.IO's (Next's HMR socket in development) are routed below; by default
    // Engine.IO would destroy them after 1 s, which is shorter than a cold dev compile.
    destroyUpgrade: false,
  });
  http.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').startsWith('/socket.io/')) return; // Engine.IO's own listener takes it
    // Next's HMR socket of a tab left open across a dev restart waits for Next instead of failing.
    void started.promise
      .then(() => {
        if (!nextUpgrade) throw new Error('no upgrade handler');
        return nextUpgrade(req, socket, head);
      })
      .catch(() => socket.destroy());
  });
  connectionCap.attach(io);
  const closeAdapter = await attachAdapter(io, config, db, log);

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(config.port, () => resolve());
    });
  // Development: the port opens before Next prepares, so the tabs left open across a restart reach us at
  // once and wait. While the port is closed Next's HMR client retries for about 45 s, then reloads the page
  // into the browser's "site can't be reached" page, which comes back only on the browser's own ever longer
  // retry. In production the port opens once Next is ready.
  try {
    if (config.dev) await listen();
    await app.prepare();
    nextHandler = app.getRequestHandler();
    nextUpgrade = takeNextUpgradeHandler(app);
    if (!config.dev) await listen();
  } catch (err) {
    started.fail(err);
    http.close();
    throw err;
  }
  const port = (http.address() as AddressInfo).port;
  // PORT=0: now that the port is known, point the defaults (public URL, simulator API) at it.
  if (port !== config.port) config = bindPort(config, port);

  let adminSocket: ReturnType<typeof attachAdminSocket> | null = null;
  const recorder = new MetricsRecorder({
    ops: db.ops,
    log,
    now,
    sockets: () => io.engine.clientsCount,
    onPoint: (point) => adminSocket?.emit(point),
    watching: () => adminSocket?.watching() ?? false,
  });
  registerDbMetrics(recorder.registry, db);
  const onCall = (call: { path: string; errcode: number }) => recorder.apiCall(call.path, call.errcode);
  const tokens = new AccessTokenProvider({
    appId: config.wechat.appId,
    appSecret: config.wechat.appSecret,
    baseUrl: config.wechat.apiBase,
    store: db.repos.accessToken(config.wechat.appId),
    onCall,
    onRefresh: (result) => {
      recorder.tokenRefresh(result.ok);
      const at = now();
      const saved = result.ok
        ? db.ops.setState('token.refreshed', { at, expiresAt: result.expiresAt }, at)
        : db.ops.setState('token.error', { at, ...describeError(result.error) }, at);
      saved.catch((err: unknown) => log.warn({ err }, 'could not record the token refresh'));
    },
  });
  const wechat = new WeChatClient({
    baseUrl: config.wechat.apiBase,
    appId: config.wechat.appId,
    appSecret: config.wechat.appSecret,
    tokens,
    onCall,
  });
  const services: Services = {
    config,
    db,
    repos: db.repos,
    log,
    now,
    wechat,
    notify: { scene() {}, account() {}, board() {} },
    metrics: recorder,
    oidc: null,
  };
  const realtime = attachRealtime(io, services);
  // Scene pushes are where a scan's outcome and its push latency (webhook received → browser told) show.
  const countScene = (update: ScanUpdate) => {
    if (update.status === 'bound') recorder.bind();
    else if (update.status === 'conflict') recorder.conflict();
    else if (update.status === 'login_ready') recorder.login();
  };
  services.notify = {
    scene(update) {
      realtime.scene(update);
      const request = webhookRequest.getStore();
      if (request) recorder.pushLatency(performance.now() - request.receivedAt);
      countScene(update);
    },
    account: realtime.account,
    board: realtime.board,
  };
  adminSocket = attachAdminSocket(io, services, recorder);
  // qrcode/create's quota, read now and hourly (a warning at 80 %); not for a subscription account, which has none.
  const qrQuota =
    config.wechat.accountType === 'service'
      ? watchQrQuota({ wechat, log, now: Date.now, onReading: (r) => recorder.quota(QR_CREATE_PATH, r.remain) })
      : null;
  metricsRoute = createMetricsRoute({
    token: config.metricsToken,
    recorder,
    // The quota gauge comes from the one quota watcher; a scrape asks WeChat again only when its last
    // reading is older than five minutes.
    refresh: async () => {
      const last = qrQuota?.last();
      if (qrQuota && (!last || Date.now() - last.at >= QUOTA_REFRESH_MS)) await qrQuota.check();
    },
  });
  setServices(services);
  services.oidc = await createOidcProvider({
    config,
    repos: db.repos,
    oidcRepo: db.oidc,
    log,
    now: services.now,
  });
  oidc = createOidcHandler(services.oidc, services);
  webhook = createWebhook(services, realtime.flush);
  if (config.simulator) {
    simulator = createSimulator({
      ...config.wechat,
      webhookUrl: `http://127.0.0.1:${port}/api/wechat`,
      // The account's 网页授权域名 is this site's host.
      oauthDomain: new URL(config.publicUrl).host,
      log,
      // The simulated WeChat keeps its world next to the SQLite database, so both survive a restart together.
      stateFile:
        config.sqlitePath && config.sqlitePath !== ':memory:'
          ? path.join(path.dirname(config.sqlitePath), 'simulator-world.json')
          : undefined,
    });
    simulator.attach(io);
  }

  const dispatcher = new WebhookDispatcher({
    repos: db.repos,
    log,
    now: () => services.now(),
    retrySchedule: config.webhookRetrySchedule,
    timeoutMs: config.webhookTimeoutMs,
    pollMs: config.webhookPollMs,
  });
  dispatcher.start();

  const cleanup = setInterval(() => {
    db.cleanup(now()).catch((err: unknown) => log.warn({ err }, 'cleanup failed'));
    db.oidc
      .cleanup(now(), now() - RETIRED_KEY_PUBLISHED_MS)
      .catch((err: unknown) => log.warn({ err }, 'oidc cleanup failed'));
  }, CLEANUP_EVERY_MS);
  cleanup.unref();
  // Open consoles see the sockets chart move in a quiet minute too.
  const heartbeat = setInterval(() => {
    if (adminSocket?.watching()) adminSocket.emit(recorder.point());
  }, 5_000);
  heartbeat.unref();

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(cleanup);
      clearInterval(heartbeat);
      await dispatcher.stop();
      qrQuota?.stop();
      simulator?.close();
      const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
      io.close(); // disconnects every socket; also closes the HTTP server
      http.closeIdleConnections();
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 3000).unref())]);
      http.closeAllConnections();
      await app.close?.();
      await closeAdapter();
      await recorder.close();
      await db.close();
      setServices(undefined);
    })());

  started.done();
  log.info({ port, dialect: db.dialect, simulator: config.simulator }, 'WeBind listening');
  if (config.dev) for (const line of startupLines(config)) console.log(line);
  return { port, url: `http://localhost:${port}`, services, http, io, simulator, close };
}

/** An error as the health page shows it: WeChat's errcode and message, never a URL (it carries the token). */
function describeError(err: unknown): { errcode: number | null; message: string } {
  const e = err as { errcode?: unknown; message?: unknown } | null;
  return {
    errcode: typeof e?.errcode === 'number' ? e.errcode : null,
    message: typeof e?.message === 'string' ? e.message.slice(0, 300) : String(err).slice(0, 300),
  };
}

/** What `npm run dev` prints once it listens: where to open the site and the simulator. */
export function startupLines(config: Pick<Config, 'port' | 'publicUrl' | 'simulator'>): string[] {
  const lines = [`  ▸ WeBind:    http://localhost:${config.port}   (also http://127.0.0.1:${config.port})`];
  if (config.publicUrl !== `http://localhost:${config.port}`) lines.push(`  ▸ Public URL: ${config.publicUrl}`);
  if (config.simulator) lines.push(`  ▸ Simulator: http://localhost:${config.port}/dev/wechat`);
  return lines;
}

/** A promise settled from outside, once. */
function settleable(): { promise: Promise<void>; done(): void; fail(err: unknown): void } {
  let done!: () => void;
  let fail!: (err: unknown) => void;
  const promise = new Promise<void>((resolve, reject) => {
    done = resolve;
    fail = reject;
  });
  promise.catch(() => {}); // a failed start is thrown by startServer itself
  return { promise, done, fail };
}

type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>;

/**
 * A custom server's Next registers its own upgrade listener lazily, on the first HTTP request it handles,
 * and that listener runs Next's router (resolveRoutes) for every upgrade, Socket.IO's included: 0.2 ms of
 * CPU a connection, 2.2 s for a burst of 10,000 browsers in the bench's profile (issue 20). In development
 * it is also late: after a dev restart the open tabs reconnect their HMR socket before any page request,
 * nobody answers, and after a few tries Next's client reloads the page (the reload loop of issue 21). So
 * we take Next's router upgrade handler at start, in both modes, route the upgrades that are not
 * Socket.IO's to it ourselves, and tell Next not to add its own listener as well.
 */
function takeNextUpgradeHandler(app: unknown): UpgradeHandler | null {
  const custom = app as { upgradeHandler?: UpgradeHandler; didWebSocketSetup?: boolean };
  if (typeof custom.upgradeHandler !== 'function') return null;
  custom.didWebSocketSetup = true;
  return custom.upgradeHandler;
}
