import { randomBytes } from 'node:crypto';
import { sign, verifySigned } from '../signing';

export const BIND_LINK_TTL_MS = 10 * 60_000;
const FUTURE_SKEW_MS = 60_000;

export interface BindLinkParams {
  openid: string;
  timestamp: string;
  nonce: string;
  signature: string;
}

/** `PUBLIC_URL/wechat/link?openid&timestamp&nonce&signature`, HMAC-SHA256 with APP_SECRET over openid, timestamp and nonce. */
export function createBindLink(publicUrl: string, secret: string, openid: string, now: number): string {
  const timestamp = String(Math.floor(now / 1000));
  const nonce = randomBytes(16).toString('base64url');
  const signature = sign(secret, 'bind-link', [openid, timestamp, nonce]);
  return `${publicUrl}/wechat/link?${new URLSearchParams({ openid, timestamp, nonce, signature })}`;
}

/**
 * Checks a bind link's fields as given by the client: any changed field breaks the signature; an old
 * (or future-dated) timestamp is expired. Whether the nonce was used is the caller's to check.
 */
export function verifyBindLink(
  secret: string,
  params: Partial<Record<keyof BindLinkParams, unknown>>,
  now: number,
): { ok: true; link: BindLinkParams; expiresAt: number } | { ok: false; code: 'link_invalid' | 'link_expired' } {
  const { openid, timestamp, nonce, signature } = params;
  if (
    typeof openid !== 'string' ||
    typeof timestamp !== 'string' ||
    typeof nonce !== 'string' ||
    typeof signature !== 'string'
  )
    return { ok: false, code: 'link_invalid' };
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(openid) || !/^\d{1,12}$/.test(timestamp) || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce))
    return { ok: false, code: 'link_invalid' };
  if (!verifySigned(secret, 'bind-link', [openid, timestamp, nonce], signature))
    return { ok: false, code: 'link_invalid' };
  const issued = Number(timestamp) * 1000;
  if (issued > now + FUTURE_SKEW_MS || issued + BIND_LINK_TTL_MS <= now) return { ok: false, code: 'link_expired' };
  return { ok: true, link: { openid, timestamp, nonce, signature }, expiresAt: issued + BIND_LINK_TTL_MS };
}
