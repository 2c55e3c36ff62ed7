// POST /api/auth/wechat {sceneId}: finish a scan-to-login from the browser that showed the QR.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { BROWSER_KEY_COOKIE } from '@/lib/auth/browser-key';
import { completeWechatLogin } from '@/lib/auth/complete-wechat-login';
import { endSession, SESSION_COOKIE, startSession } from '@/lib/auth/sessions';
import { readJson, route, setSessionCookie } from '@/lib/http/route';

const Input = z.object({ sceneId: z.string().min(1).max(64) });

export const POST = route(async ({ req, meta, ctx }) => {
  const { sceneId } = await readJson(req, Input);
  const user = await completeWechatLogin(ctx, { sceneId, browserKey: req.cookies.get(BROWSER_KEY_COOKIE)?.value });
  // A fresh session, never one the browser brought along (no fixation).
  await endSession(ctx, req.cookies.get(SESSION_COOKIE)?.value);
  const session = await startSession(ctx, user.id, {
    ...meta,
    // With LOGIN_CONFIRM=phone the scene reached login_ready only through the confirmation on the phone.
    amr: ctx.config.loginConfirm === 'phone' ? ['wechat_scan', 'phone_confirm'] : ['wechat_scan'],
  });
  const res = NextResponse.json({ user: { id: user.id, email: user.email } });
  setSessionCookie(res, session.token, session.expiresAt);
  return res;
});
