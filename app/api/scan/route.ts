// POST /api/scan {purpose}: create a QR scene for this browser → { sceneId, qrContent, expiresAt, watchToken }.
import { NextResponse } from 'next/server';
import {
  BROWSER_KEY_COOKIE,
  BROWSER_KEY_MAX_AGE_SECONDS,
  hashBrowserKey,
  isBrowserKey,
  newBrowserKey,
} from '@/lib/auth/browser-key';
import { readSession, SESSION_COOKIE } from '@/lib/auth/sessions';
import { createScan, CreateScanInput } from '@/lib/scan/create-scan';
import { readJson, route } from '@/lib/http/route';

export const POST = route(async ({ req, meta, locale, ctx }) => {
  const input = await readJson(req, CreateScanInput);
  const session = await readSession(ctx, req.cookies.get(SESSION_COOKIE)?.value);
  // A login QR is tied to this browser by an httpOnly key; the scene keeps only its hash.
  const existing = req.cookies.get(BROWSER_KEY_COOKIE)?.value;
  const browserKey = input.purpose === 'login' ? (isBrowserKey(existing) ? existing : newBrowserKey()) : null;
  const scan = await createScan(ctx, {
    request: {
      user: session?.user ?? null,
      meta,
      locale,
      browserKeyHash: browserKey ? hashBrowserKey(browserKey) : undefined,
    },
    input,
  });
  const res = NextResponse.json(scan, { status: 201 });
  if (browserKey) {
    res.cookies.set(BROWSER_KEY_COOKIE, browserKey, {
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.config.production,
      path: '/api',
      maxAge: BROWSER_KEY_MAX_AGE_SECONDS,
    });
  }
  return res;
});
