// GET /api/me: the signed-in user and their WeChat binding.
import { NextResponse } from 'next/server';
import { getAccount } from '@/lib/auth/get-account';
import { withSession } from '@/lib/http/route';

export const GET = withSession(async ({ user, ctx }) => NextResponse.json(await getAccount(ctx, user)));
