// GET /api/auth/wechat/oauth?code&state: WeChat's web authorization came back. The state must be this
// browser's (cookie) and unused; the code is exchanged server side; then the same verbs as a scan.
import { type NextRequest, NextResponse } from 'next/server';
import { hashBrowserKey, newBrowserKey } from '@/lib/auth/browser-key';
import { setBrowserKeyCookie, setReaderCookie } from '@/lib/http/auth-cookies';
import { endSession, readSession, SESSION_COOKIE, startSession } from '@/lib/auth/sessions';
import {
  bindFromWebAuth,
  finishWebAuth,
  loginFromWebAuth,
  needsBindingFromWebAuth,
  WEB_AUTH_COOKIE,
  type WebAuthError,
} from '@/lib/auth/web-auth';
import { LOCALE_COOKIE, pickLocale } from '@/lib/i18n';
import { setSessionCookie } from '@/lib/http/route';
import { isAppError } from '@/lib/errors';
import { services } from '@/lib/services';

export async function GET(req: NextRequest): Promise<Response> {
  const ctx = services();
  const base = ctx.config.publicUrl;
  const go = (path: string) => {
    const res = NextResponse.redirect(`${base}${path}`, 303);
    res.cookies.set(WEB_AUTH_COOKIE, '', {
      httpOnly: true,
      sameSite: 'lax',
      path: '/api/auth/wechat/oauth',
      maxAge: 0,
    });
    res.headers.set('cache-control', 'no-store');
    return res;
  };
  const meta = { ip: req.headers.get('x-webind-ip'), userAgent: req.headers.get('user-agent') };
  const q = req.nextUrl.searchParams;
  let done: Awaited<ReturnType<typeof finishWebAuth>>;
  try {
    done = await finishWebAuth(ctx, {
      cookie: req.cookies.get(WEB_AUTH_COOKIE)?.value,
      state: q.get('state'),
      code: q.get('code'),
    });
  } catch (err) {
    if (!(isAppError(err) && err.code.startsWith('web_auth_'))) throw err;
    const { reason, errcode } = err as WebAuthError;
    return go(`/wechat/web-auth?error=${reason}${errcode ? `&errcode=${errcode}` : ''}`);
  }
  const { openid, purpose, next } = done;

  if (purpose === 'bind') {
    const found = await readSession(ctx, req.cookies.get(SESSION_COOKIE)?.value);
    if (!found) return go('/wechat/web-auth?error=signed_out');
    const result = await bindFromWebAuth(ctx, { userId: found.user.id, openid });
    return go(
      result === 'bound' || result === 'same' ? '/wechat/web-auth?done=bound' : `/wechat/web-auth?error=${result}`,
    );
  }

  if (purpose === 'link') {
    // The signed link's page compares this reader with the link's openid (a signed, short-lived proof).
    const res = go(next);
    setReaderCookie(res, openid, ctx);
    return res;
  }

  const user = await loginFromWebAuth(ctx, { openid, ip: meta.ip });
  if (user) {
    // A fresh session, never one the browser brought along (no fixation).
    await endSession(ctx, req.cookies.get(SESSION_COOKIE)?.value);
    const session = await startSession(ctx, user.id, { ...meta, amr: ['wechat_oauth'] });
    const res = go(next);
    setSessionCookie(res, session.token, session.expiresAt);
    return res;
  }
  // Not bound: /bind-account for this browser only. A new key: the Strict key cookie does not come back
  // with WeChat's cross-site redirect, and this one is set on our response.
  const browserKey = newBrowserKey();
  const locale = pickLocale(req.cookies.get(LOCALE_COOKIE)?.value, req.headers.get('accept-language'));
  const sceneId = await needsBindingFromWebAuth(ctx, {
    openid,
    browserKeyHash: hashBrowserKey(browserKey),
    ip: meta.ip,
    userAgent: meta.userAgent,
    locale,
  });
  const res = go(`/bind-account?scene=${encodeURIComponent(sceneId)}&next=${encodeURIComponent(next)}`);
  setBrowserKeyCookie(res, browserKey, ctx.config.production);
  return res;
}
