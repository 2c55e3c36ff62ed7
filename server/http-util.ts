import type { IncomingMessage, ServerResponse } from 'node:http';

export class BodyTooLargeError extends Error {}
export class BodyTimeoutError extends Error {}

/**
 * Reads a request body up to `max` bytes; past that it stops reading and throws BodyTooLargeError.
 * With `timeoutMs`, a body still incomplete after that long throws BodyTimeoutError (a slow sender).
 */
export function readBody(req: IncomingMessage, max: number, timeoutMs?: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max) return reject(new BodyTooLargeError());
    const chunks: Buffer[] = [];
    let size = 0;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            req.removeAllListeners('data');
            reject(new BodyTimeoutError());
          }, timeoutMs);
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        clearTimeout(timer);
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), { 'content-type': 'application/json; charset=utf-8' });
}

export function queryOf(url: string | undefined): Record<string, string> {
  const params = new URL(url ?? '/', 'http://x').searchParams;
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of params) if (!(k in out)) out[k] = v;
  return out;
}

/**
 * With `hops` trusted proxies in front, X-Forwarded-For's last `hops` entries were written by them: the
 * entry just before is the client. Entries further left are the client's own claims and are ignored.
 */
export function clientIp(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  hops: number,
): string {
  if (hops > 0 && typeof forwardedFor === 'string') {
    const chain = forwardedFor
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const ip = chain[chain.length - hops];
    if (ip && ip.length <= 45) return ip;
  }
  return socketAddress ?? '';
}
