// POST /api/auth/register {email, password}: create an account and start its session.
import { NextResponse } from 'next/server';
import { CredentialsInput } from '@/lib/auth/input';
import { registerUser } from '@/lib/auth/register';
import { startSession } from '@/lib/auth/sessions';
import { limit } from '@/lib/rate-limit';
import { readJson, route, setSessionCookie } from '@/lib/http/route';

export const POST = route(async ({ req, meta, ctx }) => {
  const input = await readJson(req, CredentialsInput);
  if (meta.ip) await limit(ctx, `register:ip:${meta.ip}`, 20, 60 * 60_000);
  const user = await registerUser(ctx, input);
  const session = await startSession(ctx, user.id, { ...meta, amr: ['pwd'] });
  const res = NextResponse.json({ user: { id: user.id, email: user.email } }, { status: 201 });
  setSessionCookie(res, session.token, session.expiresAt);
  return res;
});
