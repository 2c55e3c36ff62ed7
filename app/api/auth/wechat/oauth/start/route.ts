// GET /api/auth/wechat/oauth/start?purpose=login|bind|link&next=/path: inside WeChat's browser, go to WeChat's
// web authorization (snsapi_base) with a state remembered in a signed cookie of this browser. An account without
// web authorization (a subscription account: WeChat would answer 10005) never goes there: the browser is sent
// back to the page, which offers the keyword code instead.
import { type NextRequest, NextResponse } from 'next/server';
import {
  startWebAuth,
  WEB_AUTH_COOKIE,
  WEB_AUTH_PURPOSES,
  type WebAuthPurpose,
  webAuthAvailable,
} from '@/lib/auth/web-auth';
import { safeNextPath } from '@/lib/http/safe-next';
import { services } from '@/lib/services';

export async function GET(req: NextRequest): Promise<Response> {
  const ctx = services();
  const purposeParam = req.nextUrl.searchParams.get('purpose') ?? 'login';
  const purpose: WebAuthPurpose = (WEB_AUTH_PURPOSES as readonly string[]).includes(purposeParam)
    ? (purposeParam as WebAuthPurpose)
    : 'login';
  if (!webAuthAvailable(ctx.config)) {
    const next = safeNextPath(req.nextUrl.searchParams.get('next'));
    const back = purpose === 'login' ? `/login?next=${encodeURIComponent(next)}` : next;
    const res = NextResponse.redirect(new URL(back, ctx.config.publicUrl), 302);
    res.headers.set('cache-control', 'no-store');
    return res;
  }
  const { url, cookie, expiresAt } = startWebAuth(ctx, { purpose, next: req.nextUrl.searchParams.get('next') });
  const res = NextResponse.redirect(url, 302);
  // Lax, not Strict: it must come back with WeChat's top-level redirect to the callback.
  res.cookies.set(WEB_AUTH_COOKIE, cookie, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.production,
    path: '/api/auth/wechat/oauth',
    expires: new Date(expiresAt),
  });
  res.headers.set('cache-control', 'no-store');
  return res;
}
