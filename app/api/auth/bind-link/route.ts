// POST /api/auth/bind-link {openid, timestamp, nonce, signature, mode, email, password}: a follower's
// signed WeChat link — log in or register and bind that openid; the link works once.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { bindAccountFromLink } from '@/lib/auth/bind-account';
import { endSession, SESSION_COOKIE, startSession } from '@/lib/auth/sessions';
import { SignInAndBindInput } from '@/lib/auth/sign-in-and-bind';
import { readJson, route, setSessionCookie } from '@/lib/http/route';
import { READER_COOKIE, readerOf } from '@/lib/auth/link-reader';
import { isWeChatBrowser } from '@/lib/auth/web-auth';
import { ForbiddenError } from '@/lib/errors';

const LinkFields = z.object(
  {
    openid: z.string().max(64),
    timestamp: z.string().max(20),
    nonce: z.string().max(64),
    signature: z.string().max(100),
  },
  { error: 'link_invalid' },
);
const Input = z.intersection(LinkFields, SignInAndBindInput);

export const POST = route(async ({ req, meta, ctx }) => {
  const { openid, timestamp, nonce, signature, ...input } = await readJson(req, Input);
  // A forwarded link must not bind its follower's WeChat to whoever opens it: a reader proved by web
  // authorization must be the link's openid, and inside WeChat that proof is required.
  const reader = readerOf(ctx.config.appSecret, req.cookies.get(READER_COOKIE)?.value, ctx.now());
  if (reader !== null && reader !== openid) throw new ForbiddenError('link_mismatch');
  if (reader === null && isWeChatBrowser(meta.userAgent)) throw new ForbiddenError('link_reader_required');
  const user = await bindAccountFromLink(ctx, { link: { openid, timestamp, nonce, signature }, input, ip: meta.ip });
  await endSession(ctx, req.cookies.get(SESSION_COOKIE)?.value);
  const session = await startSession(ctx, user.id, { ...meta, amr: ['pwd'] });
  const res = NextResponse.json({ user: { id: user.id, email: user.email } });
  setSessionCookie(res, session.token, session.expiresAt);
  return res;
});
