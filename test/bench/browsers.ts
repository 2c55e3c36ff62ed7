// Browser stand-ins: a waiting settings page over Socket.IO (push), or the same page polling
// GET /api/me every second (the polling baseline). Connections are spread over loopback source
// addresses 127.0.0.2…127.0.0.250, as many browsers would come from many addresses.
import http from 'node:http';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { ClientToServerEvents, ScanUpdate, ServerToClientEvents, WatchAck } from '../../lib/realtime/events';
import { SESSION_COOKIE } from '../../lib/auth/sessions';
import type { SeededScene } from './seed';
import { pool } from './stats';

export const sourceAddress = (i: number) => `127.0.0.${2 + (i % 249)}`;

export type WatchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Watcher {
  scene: SeededScene;
  socket: WatchSocket;
}

/**
 * Connects one socket per scene to /scan (websocket only, with the session cookie a real page would
 * send), emits `watch`, and resolves once every ack is `{ ok: true }`. `onUpdate` sees every `scan`
 * event with the receive time (performance.now()).
 */
export async function connectWatchers(
  url: string,
  scenes: SeededScene[],
  onUpdate: (sceneId: string, update: ScanUpdate, at: number) => void,
  opts: { concurrency?: number; offset?: number } = {},
): Promise<Watcher[]> {
  const origin = url;
  return pool(scenes, opts.concurrency ?? 100, async (scene, i) => {
    const options: Record<string, unknown> = {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: 60_000,
      extraHeaders: { cookie: `${SESSION_COOKIE}=${scene.sessionToken}`, origin },
      localAddress: sourceAddress(i + (opts.offset ?? 0)),
    };
    const socket: WatchSocket = io(`${url}/scan`, options as Partial<ManagerOptions & SocketOptions>);
    socket.on('scan', (update) => onUpdate(scene.sceneId, update, performance.now()));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err) => reject(new Error(`socket connect failed: ${err.message}`)));
    });
    const ack: WatchAck = await socket.timeout(60_000).emitWithAck('watch', { watchToken: scene.watchToken });
    if (!ack.ok) throw new Error(`watch refused: ${ack.code}`);
    return { scene, socket };
  });
}

export function closeWatchers(watchers: Watcher[]): void {
  for (const w of watchers) w.socket.disconnect();
}

export interface PollStats {
  requests: number;
  errors: number;
  /** Response times of the polls (ms). */
  latencies: number[];
  /** Polls skipped because the previous one of that browser had not answered yet. */
  skipped: number;
}

/**
 * N browsers polling GET /api/me once a second, each on its own keep-alive connection, at a random
 * phase. A browser does not start a poll while its previous one is still out (as a page's
 * `if (!inFlight) poll()` loop does). `onBound(sceneId, at)` fires on the first answer naming a WeChat.
 */
export function startPollers(
  port: number,
  scenes: SeededScene[],
  onBound: (sceneId: string, at: number) => void,
  intervalMs = 1000,
) {
  const agents = new Map<string, http.Agent>();
  const agentFor = (addr: string) => {
    let a = agents.get(addr);
    if (!a) {
      a = new http.Agent({ keepAlive: true, maxSockets: Infinity, localAddress: addr } as http.AgentOptions);
      agents.set(addr, a);
    }
    return a;
  };
  const stats: PollStats = { requests: 0, errors: 0, latencies: [], skipped: 0 };
  let measuring = false;
  let stopped = false;
  const timers: NodeJS.Timeout[] = [];
  const seen = new Set<string>();

  scenes.forEach((scene, i) => {
    const agent = agentFor(sourceAddress(i));
    let inFlight = false;
    const poll = () => {
      if (stopped) return;
      if (inFlight) {
        if (measuring) stats.skipped++;
        return;
      }
      inFlight = true;
      const started = performance.now();
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/me',
          agent,
          headers: { cookie: `${SESSION_COOKIE}=${scene.sessionToken}` },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => {
            inFlight = false;
            const at = performance.now();
            if (measuring) {
              stats.requests++;
              stats.latencies.push(at - started);
              if (res.statusCode !== 200) stats.errors++;
            }
            if (res.statusCode === 200 && !seen.has(scene.sceneId) && body.includes('"openid"')) {
              seen.add(scene.sceneId);
              onBound(scene.sceneId, at);
            }
          });
        },
      );
      req.on('error', () => {
        inFlight = false;
        if (measuring) stats.errors++;
      });
      req.end();
    };
    const first = setTimeout(() => {
      poll();
      timers.push(setInterval(poll, intervalMs));
    }, Math.random() * intervalMs);
    timers.push(first);
  });

  return {
    stats,
    measure(on: boolean) {
      measuring = on;
    },
    stop() {
      stopped = true;
      for (const t of timers) {
        clearTimeout(t);
        clearInterval(t);
      }
      for (const a of agents.values()) a.destroy();
    },
  };
}
