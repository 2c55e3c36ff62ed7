import type { IncomingMessage, ServerResponse } from 'node:http';
import { pooledRandomBytes } from '../lib/random';

export interface SecurityHeaderOptions {
  /** `PUBLIC_URL` is https: browsers are told to use https only (HSTS). */
  https: boolean;
  /** `npm run dev`: Next's dev runtime evaluates code (React Refresh), so scripts may `eval`. */
  dev: boolean;
  /** The simulator's phone page frames the app's pages (never in production): allow same-origin framing. */
  allowSameOriginFrames: boolean;
  /**
   * Origins of the OpenID clients' redirect URIs: the consent and logout forms (/authorize, /oidc/*)
   * end in a redirect there, and browsers apply `form-action` to a form's redirects too.
   */
  oidcRedirectOrigins?: readonly string[];
}

/**
 * Sets the headers every response carries, before any handler runs, and hands Next the request's CSP
 * so it puts the same per-request nonce on each script it renders (Next reads the nonce from the
 * request's `content-security-policy` header; a client-sent copy is overwritten here).
 *
 * - `frame-ancestors 'none'` + `X-Frame-Options: DENY`: no page can be framed (clickjacking of the bind
 *   button on /settings, a live login QR shown inside an attacker's page).
 * - `script-src 'nonce-…' 'strict-dynamic'`: only scripts Next rendered for this response run.
 * - `Referrer-Policy: no-referrer` on /wechat/*, whose URLs carry signatures; `same-origin` elsewhere.
 */
const oidcForm = (pathname: string) => pathname === '/authorize' || pathname.startsWith('/oidc/');

export function createSecurityHeaders(opts: SecurityHeaderOptions) {
  const frameAncestors = opts.allowSameOriginFrames ? "'self'" : "'none'";
  return (req: IncomingMessage, res: ServerResponse, pathname: string): void => {
    const nonce = pooledRandomBytes(16).toString('base64');
    const csp = [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
      // React sets style attributes (the countdown bar's width); stylesheets come from our origin.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      `form-action 'self'${oidcForm(pathname) ? (opts.oidcRedirectOrigins ?? []).map((o) => ` ${o}`).join('') : ''}`,
      `frame-ancestors ${frameAncestors}`,
    ].join('; ');
    req.headers['content-security-policy'] = csp;
    delete req.headers['content-security-policy-report-only'];
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Frame-Options', opts.allowSameOriginFrames ? 'SAMEORIGIN' : 'DENY');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', pathname.startsWith('/wechat/') ? 'no-referrer' : 'same-origin');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (opts.https) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
  };
}
