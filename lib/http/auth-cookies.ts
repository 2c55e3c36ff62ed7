import type { NextRequest, NextResponse } from 'next/server';
import { BROWSER_KEY_COOKIE, BROWSER_KEY_MAX_AGE_SECONDS, isBrowserKey, newBrowserKey } from '../auth/browser-key';
import { READER_COOKIE, READER_TTL_MS, readerProof } from '../auth/link-reader';

/** This browser's key (lib/auth/browser-key.ts), or a new one to set with `setBrowserKeyCookie`. */
export function browserKeyOf(req: NextRequest): string {
  const existing = req.cookies.get(BROWSER_KEY_COOKIE)?.value;
  return isBrowserKey(existing) ? existing : newBrowserKey();
}

/** The key cookie: httpOnly, Strict, sent only to /api (where scenes are finished). */
export function setBrowserKeyCookie(res: NextResponse, key: string, secure: boolean): void {
  res.cookies.set(BROWSER_KEY_COOKIE, key, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/api',
    maxAge: BROWSER_KEY_MAX_AGE_SECONDS,
  });
}

/** The signed, short-lived proof that this browser's reader is `openid`'s WeChat (signed bind links). */
export function setReaderCookie(
  res: NextResponse,
  openid: string,
  { config, now }: { config: { appSecret: string; production: boolean }; now: () => number },
): void {
  res.cookies.set(READER_COOKIE, readerProof(config.appSecret, openid, now()), {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.production,
    path: '/',
    maxAge: READER_TTL_MS / 1000,
  });
}
