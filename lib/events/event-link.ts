import { type SignedLinkParams, signLink, verifySignedLink } from '../signing';

/** How long the events link a follower gets in WeChat opens the sign-up page as them. */
export const EVENT_LINK_TTL_MS = 30 * 60_000;

export type EventLinkParams = SignedLinkParams;

/**
 * `PUBLIC_URL/events?openid&timestamp&signature`: HMAC-SHA256 with APP_SECRET over openid and time
 * (the signed link, used while web authorization inside WeChat is not on main). No nonce: a
 * sign-up is idempotent, so the link may be opened again within its lifetime.
 */
export function createEventLink(publicUrl: string, secret: string, openid: string, now: number): string {
  const { timestamp, signature } = signLink(secret, 'event-link', openid, now);
  return `${publicUrl}/events?${new URLSearchParams({ openid, timestamp, signature })}`;
}

/** The openid an events link speaks for, or why it does not. */
export function verifyEventLink(
  secret: string,
  params: Partial<Record<keyof EventLinkParams, unknown>>,
  now: number,
): { ok: true; openid: string } | { ok: false; code: 'link_invalid' | 'link_expired' } {
  const checked = verifySignedLink(secret, 'event-link', params, EVENT_LINK_TTL_MS, now);
  return checked.ok ? { ok: true, openid: checked.openid } : checked;
}
