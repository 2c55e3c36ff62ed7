// POST /api/auth/bind-link {openid, timestamp, nonce, signature, mode, email, password}: a follower's
// signed WeChat link — log in or register and bind that openid; the link works once.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { LinkFields } from '@/lib/auth/input';
import { bindAccountFromLink } from '@/lib/auth/bind-account';
import { endSession, SESSION_COOKIE, startSession } from '@/lib/auth/sessions';
import { SignInAndBindInput } from '@/lib/auth/sign-in-and-bind';
import { readJson, route, setSessionCookie } from '@/lib/http/route';
import { READER_COOKIE, readerOf } from '@/lib/auth/link-reader';

const Input = z.intersection(LinkFields, SignInAndBindInput);

export const POST = route(async ({ req, meta, ctx }) => {
  const { openid, timestamp, nonce, signature, ...input } = await readJson(req, Input);
  const reader = readerOf(ctx.config.appSecret, req.cookies.get(READER_COOKIE)?.value, ctx.now());
  const user = await bindAccountFromLink(ctx, {
    link: { openid, timestamp, nonce, signature },
    reader,
    input,
    ip: meta.ip,
  });
  await endSession(ctx, req.cookies.get(SESSION_COOKIE)?.value);
  const session = await startSession(ctx, user.id, { ...meta, amr: ['pwd'] });
  const res = NextResponse.json({ user: { id: user.id, email: user.email } });
  setSessionCookie(res, session.token, session.expiresAt);
  return res;
});
