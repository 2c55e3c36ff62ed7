// POST /api/auth/login {email, password}: start a fresh session (the old cookie, if any, ends).
import { NextResponse } from 'next/server';
import { LoginInput } from '@/lib/auth/input';
import { authenticate } from '@/lib/auth/login';
import { endSession, SESSION_COOKIE, startSession } from '@/lib/auth/sessions';
import { readJson, route, setSessionCookie } from '@/lib/http/route';

export const POST = route(async ({ req, meta, ctx }) => {
  const input = await readJson(req, LoginInput);
  const user = await authenticate(ctx, input, meta.ip);
  await endSession(ctx, req.cookies.get(SESSION_COOKIE)?.value);
  const session = await startSession(ctx, user.id, { ...meta, amr: ['pwd'] });
  const res = NextResponse.json({ user: { id: user.id, email: user.email } });
  setSessionCookie(res, session.token, session.expiresAt);
  return res;
});
