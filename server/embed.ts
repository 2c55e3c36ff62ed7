import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Config } from '../lib/config';
import { send } from './http-util';

/**
 * Which browser origins may use WeBind's QR piece: our own, and those in EMBED_ORIGINS. A request
 * without an Origin header is not a cross-origin browser request (or is same-origin navigation).
 */
export function embedOriginAllowed(config: Config, origin: string | undefined, host: string | undefined): boolean {
  if (!origin) return true;
  if (origin === new URL(config.publicUrl).origin) return true;
  if (host && (origin === `http://${host}` || origin === `https://${host}`)) return true;
  return config.embedOrigins.includes(origin);
}

let bundle: Promise<string> | null = null;

/** Bundles embed/script.ts (with socket.io-client and qrcode) once, on first request. */
function buildEmbed(): Promise<string> {
  bundle ??= import('esbuild')
    .then((esbuild) =>
      esbuild.build({
        entryPoints: [path.resolve(__dirname, '../embed/script.ts')],
        bundle: true,
        platform: 'browser',
        format: 'iife',
        target: 'es2019',
        minify: true,
        write: false,
        legalComments: 'inline',
        logLevel: 'silent',
      }),
    )
    .then((result) => result.outputFiles[0].text)
    .catch((err: unknown) => {
      bundle = null;
      throw err;
    });
  return bundle;
}

/**
 * GET /embed.js. Cross-origin use only for EMBED_ORIGINS: a browser fetching it cross-site
 * (Sec-Fetch-Site) from another origin is refused, and CORS names only allowed origins. Host pages load
 * it with `<script src=".../embed.js" crossorigin="anonymous">`, which sends their Origin.
 */
export async function serveEmbed(config: Config, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS')
    return send(res, 405, 'method not allowed', { allow: 'GET, HEAD, OPTIONS', 'content-type': 'text/plain' });
  const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
  const site = req.headers['sec-fetch-site'];
  const crossSite = site === 'cross-site' || site === 'same-site';
  const allowed = embedOriginAllowed(config, origin, req.headers.host) && !(crossSite && !origin);
  if (!allowed)
    return send(res, 403, 'origin not allowed (EMBED_ORIGINS)', { 'content-type': 'text/plain', vary: 'Origin' });
  const cors: Record<string, string> = origin
    ? { 'access-control-allow-origin': origin, vary: 'Origin' }
    : { vary: 'Origin' };
  if (req.method === 'OPTIONS') return send(res, 204, '', { ...cors, 'access-control-allow-methods': 'GET' });
  const code = await buildEmbed();
  send(res, 200, req.method === 'HEAD' ? '' : code, {
    ...cors,
    'content-type': 'application/javascript; charset=utf-8',
    'cache-control': 'public, max-age=300',
    'cross-origin-resource-policy': 'cross-origin',
    'x-content-type-options': 'nosniff',
  });
}
