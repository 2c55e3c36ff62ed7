// POST /api/events/:id/signup { openid, timestamp, signature }?: one-tap sign-up, as the bound follower
// the signed WeChat link speaks for, or else as the signed-in user.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { readSession, SESSION_COOKIE } from '@/lib/auth/sessions';
import { ConflictError, NotFoundError, UnauthorizedError } from '@/lib/errors';
import { verifyEventLink } from '@/lib/events/event-link';
import { signUpForEvent } from '@/lib/events/sign-up';
import { readJson, route } from '@/lib/http/route';

const SignUpInput = z.strictObject({
  openid: z.string().max(64).optional(),
  timestamp: z.string().max(12).optional(),
  signature: z.string().max(100).optional(),
});

export const POST = route(async ({ req, ctx }) => {
  const id = Number(new URL(req.url).pathname.split('/').at(-2));
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError('not_found');
  const input = await readJson(req, SignUpInput);
  let userId: number;
  if (input.openid !== undefined) {
    const link = verifyEventLink(ctx.config.appSecret, input, ctx.now());
    if (!link.ok) throw new UnauthorizedError(link.code);
    const binding = await ctx.repos.bindings.findByOpenid(link.openid);
    if (!binding) throw new ConflictError('not_bound');
    userId = binding.userId;
  } else {
    const found = await readSession(ctx, req.cookies.get(SESSION_COOKIE)?.value);
    if (!found) throw new UnauthorizedError('unauthorized');
    userId = found.user.id;
  }
  return NextResponse.json(await signUpForEvent(ctx, { eventId: id, userId }));
});
