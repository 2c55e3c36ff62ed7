import { sign, verifySigned } from '../signing';

/** How long the events link a follower gets in WeChat opens the sign-up page as them. */
export const EVENT_LINK_TTL_MS = 30 * 60_000;
const FUTURE_SKEW_MS = 60_000;

export interface EventLinkParams {
  openid: string;
  timestamp: string;
  signature: string;
}

/**
 * `PUBLIC_URL/events?openid&timestamp&signature`: HMAC-SHA256 with APP_SECRET over openid and time
 * (the signed link, used while web authorization inside WeChat is not on main). No nonce: a
 * sign-up is idempotent, so the link may be opened again within its lifetime.
 */
export function createEventLink(publicUrl: string, secret: string, openid: string, now: number): string {
  const timestamp = String(Math.floor(now / 1000));
  const signature = sign(secret, 'event-link', [openid, timestamp]);
  return `${publicUrl}/events?${new URLSearchParams({ openid, timestamp, signature })}`;
}

/** The openid an events link speaks for, or why it does not. */
export function verifyEventLink(
  secret: string,
  params: Partial<Record<keyof EventLinkParams, unknown>>,
  now: number,
): { ok: true; openid: string } | { ok: false; code: 'link_invalid' | 'link_expired' } {
  const { openid, timestamp, signature } = params;
  if (typeof openid !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string')
    return { ok: false, code: 'link_invalid' };
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(openid) || !/^\d{1,12}$/.test(timestamp))
    return { ok: false, code: 'link_invalid' };
  if (!verifySigned(secret, 'event-link', [openid, timestamp], signature)) return { ok: false, code: 'link_invalid' };
  const issued = Number(timestamp) * 1000;
  if (issued > now + FUTURE_SKEW_MS || issued + EVENT_LINK_TTL_MS <= now) return { ok: false, code: 'link_expired' };
  return { ok: true, openid };
}
