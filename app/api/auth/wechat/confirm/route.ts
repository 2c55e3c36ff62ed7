// POST /api/auth/wechat/confirm {token, approve}: the phone confirms or cancels a scan-to-login.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { decideLogin } from '@/lib/auth/confirm-login';
import { readJson, route } from '@/lib/http/route';

const Input = z.object({ token: z.string().min(1).max(200), approve: z.boolean() });

export const POST = route(async ({ req, ctx }) => {
  const input = await readJson(req, Input);
  return NextResponse.json({ status: await decideLogin(ctx, input) });
});
