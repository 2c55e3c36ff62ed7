import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import next from 'next';
import { Server as SocketServer } from 'socket.io';
import { bindPort, type Config } from '../lib/config';
import { openDatabase } from '../lib/db';
import { createLogger } from '../lib/log';
import { setServices, type Services } from '../lib/services';
import { sendJson } from './http-util';

export interface RunningServer {
  port: number;
  url: string;
  services: Services;
  http: HttpServer;
  io: SocketServer;
  close(): Promise<void>;
}

const CLEANUP_EVERY_MS = 60_000;

/**
 * One process, one port: the HTTP server is created with Next's handler first, the webhook and the
 * simulator are routed before Next, and Socket.IO is attached to the same server afterwards (the
 * other order answers Socket.IO's polling twice).
 */
export async function startServer(requested: Config, opts: { dir?: string } = {}): Promise<RunningServer> {
  let config = requested;
  const log = createLogger({ production: config.production, level: config.logLevel });
  const db = await openDatabase(config.databaseUrl);
  const services: Services = { config, db, repos: db.repos, log, now: Date.now };
  setServices(services);

  const dir = opts.dir ?? path.resolve(__dirname, '..');
  const app = next({ dev: config.dev, dir, quiet: !config.dev });
  await app.prepare();
  const nextHandler = app.getRequestHandler();

  const http = createServer((req, res) => {
    // Only the socket's address is trusted; a client-sent copy of our header is dropped.
    req.headers['x-webind-ip'] = req.socket.remoteAddress ?? '';
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname === '/api/wechat') {
      sendJson(res, 501, { error: { code: 'not_implemented', message: 'the webhook is not wired yet' } });
      return;
    }
    nextHandler(req, res).catch((err: unknown) => {
      log.error({ err, url: pathname }, 'next handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'internal error' } });
    });
  });

  const io = new SocketServer(http, { serveClient: false, transports: ['websocket', 'polling'] });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  if (port !== config.port) services.config = config = bindPort(config, port);

  const cleanup = setInterval(() => {
    db.cleanup(Date.now()).catch((err: unknown) => log.warn({ err }, 'cleanup failed'));
  }, CLEANUP_EVERY_MS);
  cleanup.unref();

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(cleanup);
      const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
      io.close(); // disconnects every socket; also closes the HTTP server
      http.closeIdleConnections();
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 3000).unref())]);
      http.closeAllConnections();
      await app.close?.();
      await db.close();
      setServices(undefined);
    })());

  log.info({ port, dialect: db.dialect, simulator: config.simulator }, 'WeBind listening');
  return { port, url: `http://localhost:${port}`, services, http, io, close };
}
