// POST /api/auth/logout: end this session.
import { NextResponse } from 'next/server';
import { endSession, SESSION_COOKIE } from '@/lib/auth/sessions';
import { clearSessionCookie, route } from '@/lib/http/route';

export const POST = route(async ({ req, ctx }) => {
  await endSession(ctx, req.cookies.get(SESSION_COOKIE)?.value);
  const res = NextResponse.json({ ok: true });
  clearSessionCookie(res);
  return res;
});
