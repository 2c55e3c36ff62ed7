// POST /api/auth/password-reset {sceneId | email, code, password}: set a new password with a WeChat code; every session of the account ends, this one included.
import { NextResponse } from 'next/server';
import { resetPassword, ResetPasswordInput } from '@/lib/verify/reset-password';
import { clearSessionCookie, readJson, route } from '@/lib/http/route';

export const POST = route(async ({ req, meta, locale, ctx }) => {
  const input = await readJson(req, ResetPasswordInput);
  const { account } = await resetPassword(ctx, { input, ip: meta.ip, locale });
  const res = NextResponse.json({ reset: true, account, next: '/login' });
  clearSessionCookie(res);
  return res;
});
