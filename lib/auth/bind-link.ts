import { randomBytes } from 'node:crypto';
import { type SignedLinkParams, signLink, verifySignedLink } from '../signing';

export const BIND_LINK_TTL_MS = 10 * 60_000;

export interface BindLinkParams extends SignedLinkParams {
  nonce: string;
}

/** `PUBLIC_URL/wechat/link?openid&timestamp&nonce&signature`, HMAC-SHA256 with APP_SECRET over openid, timestamp and nonce. */
export function createBindLink(publicUrl: string, secret: string, openid: string, now: number): string {
  const nonce = randomBytes(16).toString('base64url');
  const { timestamp, signature } = signLink(secret, 'bind-link', openid, now, [nonce]);
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
  const { nonce } = params;
  if (typeof nonce !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) return { ok: false, code: 'link_invalid' };
  const checked = verifySignedLink(secret, 'bind-link', params, BIND_LINK_TTL_MS, now, [nonce]);
  if (!checked.ok) return checked;
  const { openid, timestamp, signature, issued } = checked;
  return { ok: true, link: { openid, timestamp, nonce, signature }, expiresAt: issued + BIND_LINK_TTL_MS };
}
