// POST /api/scan {purpose}: create a QR scene for this browser → { sceneId, qrContent, expiresAt, watchToken }.
import { NextResponse } from 'next/server';
import { hashBrowserKey } from '@/lib/auth/browser-key';
import { browserKeyOf, setBrowserKeyCookie } from '@/lib/http/auth-cookies';
import { readSession, SESSION_COOKIE } from '@/lib/auth/sessions';
import { createScan, CreateScanInput } from '@/lib/scan/create-scan';
import { readJson, route } from '@/lib/http/route';

export const POST = route(async ({ req, meta, locale, ctx }) => {
  const input = await readJson(req, CreateScanInput);
  const session = await readSession(ctx, req.cookies.get(SESSION_COOKIE)?.value);
  // A login QR is tied to this browser by an httpOnly key; the scene keeps only its hash.
  const browserKey = input.purpose === 'login' ? browserKeyOf(req) : null;
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
  if (browserKey) setBrowserKeyCookie(res, browserKey, ctx.config.production);
  return res;
});
