// GET /api/auth/wechat/oauth/start?purpose=login|bind|link&next=/path: inside WeChat's browser, go to WeChat's
// web authorization (snsapi_base) with a state remembered in a signed cookie of this browser.
import { type NextRequest, NextResponse } from 'next/server';
import { startWebAuth, WEB_AUTH_COOKIE, WEB_AUTH_PURPOSES, type WebAuthPurpose } from '@/lib/auth/web-auth';
import { services } from '@/lib/services';

export async function GET(req: NextRequest): Promise<Response> {
  const ctx = services();
  const purposeParam = req.nextUrl.searchParams.get('purpose') ?? 'login';
  const purpose: WebAuthPurpose = (WEB_AUTH_PURPOSES as readonly string[]).includes(purposeParam)
    ? (purposeParam as WebAuthPurpose)
    : 'login';
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
