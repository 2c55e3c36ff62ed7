// POST /api/auth/bind-account {sceneId, mode: login|register|wechat_only, email?, password?}: after a login scan by an
// unbound WeChat, log in or register here and end bound to the scanned openid, signed in.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { bindAccountFromScene } from '@/lib/auth/bind-account';
import { BROWSER_KEY_COOKIE } from '@/lib/auth/browser-key';
import { endSession, SESSION_COOKIE, startSession } from '@/lib/auth/sessions';
import { SignInAndBindInput } from '@/lib/auth/sign-in-and-bind';
import { readJson, route, setSessionCookie } from '@/lib/http/route';

const Input = z.intersection(z.object({ sceneId: z.string().min(1).max(64) }), SignInAndBindInput);

export const POST = route(async ({ req, meta, ctx }) => {
  const { sceneId, ...input } = await readJson(req, Input);
  const user = await bindAccountFromScene(ctx, {
    sceneId,
    browserKey: req.cookies.get(BROWSER_KEY_COOKIE)?.value,
    input,
    ip: meta.ip,
  });
  await endSession(ctx, req.cookies.get(SESSION_COOKIE)?.value);
  // The scan named the WeChat and the phone agreed to bind it; the password (or the new account) proved the site account.
  const session = await startSession(ctx, user.id, {
    ...meta,
    amr: input.mode === 'wechat_only' ? ['wechat_scan', 'phone_confirm'] : ['wechat_scan', 'phone_confirm', 'pwd'],
  });
  const res = NextResponse.json({ user: { id: user.id, email: user.email } });
  setSessionCookie(res, session.token, session.expiresAt);
  return res;
});
