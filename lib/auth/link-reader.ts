import { sign, verifySigned } from '../signing';

/**
 * Who is reading a signed bind link inside WeChat, proved by web authorization: a signed, short-lived
 * cookie naming the reader's openid. The link page and POST /api/auth/bind-link refuse a link whose
 * openid differs (a forwarded link must not bind its follower's WeChat to whoever opens it).
 */
export const READER_COOKIE = 'webind_wx_reader';
export const READER_TTL_MS = 10 * 60_000;

export function readerProof(secret: string, openid: string, now: number): string {
  const until = String(now + READER_TTL_MS);
  return `${openid}.${until}.${sign(secret, 'link-reader', [openid, until])}`;
}

/** The reader's openid, or null for a missing, forged or expired proof. */
export function readerOf(secret: string, cookie: string | undefined, now: number): string | null {
  if (!cookie || cookie.length > 300) return null;
  const [openid, until, signature] = cookie.split('.');
  if (!openid || !until || !/^\d{1,15}$/.test(until) || Number(until) <= now) return null;
  return verifySigned(secret, 'link-reader', [openid, until], signature) ? openid : null;
}
