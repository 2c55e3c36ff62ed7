import type { IncomingMessage } from 'node:http';
import type { Server as SocketServer, Socket } from 'socket.io';
import { clientIp } from './http-util';

/**
 * Caps the Engine.IO connections (WebSocket or polling sessions) one client address may hold at once.
 * Generous by default (`SOCKET_MAX_PER_IP`): a school or company NAT puts many browsers behind one
 * address. Used as Socket.IO's `allowRequest`, which Engine.IO calls for every new session's handshake.
 */
export function createConnectionCap(opts: { maxPerIp: number; trustProxyHops: number }) {
  const open = new Map<string, number>();
  const ipOf = (req: IncomingMessage) =>
    clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], opts.trustProxyHops);
  return {
    allowRequest(req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void {
      const ip = ipOf(req);
      if ((open.get(ip) ?? 0) >= opts.maxPerIp) callback('too many connections from this address', false);
      else callback(null, true);
    },
    /** Counts sessions from the moment Engine.IO opens them until they close. */
    attach(io: SocketServer): void {
      io.engine.on('connection', (conn: { request: IncomingMessage; once(e: 'close', f: () => void): void }) => {
        const ip = ipOf(conn.request);
        open.set(ip, (open.get(ip) ?? 0) + 1);
        conn.once('close', () => {
          const left = (open.get(ip) ?? 1) - 1;
          if (left <= 0) open.delete(ip);
          else open.set(ip, left);
        });
      });
    },
    openFrom(ip: string): number {
      return open.get(ip) ?? 0;
    },
  };
}

/**
 * A token bucket per socket: `perSecond` events on average, bursts of `burst`. An event over budget is
 * dropped before any handler runs (its ack, if any, answered `rate_limited`); a socket that keeps
 * flooding (another `burst` events dropped in a row) is disconnected, so its traffic stops costing
 * parsing time that the webhook needs.
 */
export function limitSocketEvents(
  socket: Socket,
  opts: { perSecond: number; burst: number; now?: () => number; refused: () => unknown },
): void {
  const now = opts.now ?? Date.now;
  let tokens = opts.burst;
  let last = now();
  let dropped = 0;
  socket.use((packet, next) => {
    const t = now();
    tokens = Math.min(opts.burst, tokens + ((t - last) / 1000) * opts.perSecond);
    last = t;
    if (tokens >= 1) {
      tokens -= 1;
      dropped = 0;
      return next();
    }
    dropped += 1;
    const ack = packet[packet.length - 1];
    if (typeof ack === 'function') ack(opts.refused());
    if (dropped >= opts.burst) socket.disconnect(true);
  });
}
