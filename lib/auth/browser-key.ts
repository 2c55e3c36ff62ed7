import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The login QR is tied to the browser that showed it: an httpOnly cookie holds a random key and the
 * scene stores only its hash, so nothing seen on a screen or a socket can finish that login elsewhere.
 */
export const BROWSER_KEY_COOKIE = 'webind_browser_key';
export const BROWSER_KEY_MAX_AGE_SECONDS = 24 * 3600;

export const newBrowserKey = () => randomBytes(32).toString('base64url');
export const hashBrowserKey = (key: string) => createHash('sha256').update(`browser-key:${key}`).digest('hex');
export const isBrowserKey = (value: string | undefined): value is string =>
  !!value && /^[A-Za-z0-9_-]{43}$/.test(value);

export function browserKeyMatches(key: string | undefined, storedHash: string | null): boolean {
  if (!isBrowserKey(key) || !storedHash) return false;
  const a = Buffer.from(hashBrowserKey(key), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
