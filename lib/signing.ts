import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 (base64url) of `parts` joined by newlines under a purpose label, so one token can never pass as another kind. */
export function sign(secret: string, purpose: string, parts: readonly string[]): string {
  return createHmac('sha256', secret)
    .update(`${purpose}\n${parts.join('\n')}`)
    .digest('base64url');
}

/** Constant-time check of a signature made by `sign`. */
export function verifySigned(secret: string, purpose: string, parts: readonly string[], signature: unknown): boolean {
  if (typeof signature !== 'string' || signature.length > 100) return false;
  const expected = Buffer.from(sign(secret, purpose, parts));
  const actual = Buffer.from(signature);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A link signed for one openid at one time: the fields of its query. */
export interface SignedLinkParams {
  openid: string;
  timestamp: string;
  signature: string;
}

/** How far ahead of the clock a link may be dated and still be taken. */
const FUTURE_SKEW_MS = 60_000;

/**
 * The `timestamp` (seconds) and `signature` of a link that speaks for `openid` from `now`: HMAC-SHA256
 * under `purpose` over openid, timestamp and any `extra` parts (a nonce).
 */
export function signLink(
  secret: string,
  purpose: string,
  openid: string,
  now: number,
  extra: readonly string[] = [],
): Omit<SignedLinkParams, 'openid'> {
  const timestamp = String(Math.floor(now / 1000));
  return { timestamp, signature: sign(secret, purpose, [openid, timestamp, ...extra]) };
}

/**
 * Checks a signed link's fields as the client gave them back: a malformed or changed field is
 * `link_invalid`; one issued more than `ttlMs` ago (or dated in the future) is `link_expired`. `extra`
 * are the further signed parts, which the caller has checked the form of.
 */
export function verifySignedLink(
  secret: string,
  purpose: string,
  params: Partial<Record<keyof SignedLinkParams, unknown>>,
  ttlMs: number,
  now: number,
  extra: readonly string[] = [],
): (SignedLinkParams & { ok: true; issued: number }) | { ok: false; code: 'link_invalid' | 'link_expired' } {
  const { openid, timestamp, signature } = params;
  if (typeof openid !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string')
    return { ok: false, code: 'link_invalid' };
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(openid) || !/^\d{1,12}$/.test(timestamp))
    return { ok: false, code: 'link_invalid' };
  if (!verifySigned(secret, purpose, [openid, timestamp, ...extra], signature))
    return { ok: false, code: 'link_invalid' };
  const issued = Number(timestamp) * 1000;
  if (issued > now + FUTURE_SKEW_MS || issued + ttlMs <= now) return { ok: false, code: 'link_expired' };
  return { ok: true, openid, timestamp, signature, issued };
}
