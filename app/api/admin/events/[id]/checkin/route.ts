// POST /api/admin/events/:id/checkin { email }: staff check someone in by e-mail (the fallback at the door).
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { NotFoundError } from '@/lib/errors';
import { checkInByEmail } from '@/lib/events/check-in-by-email';
import { readJson, withAdmin } from '@/lib/http/route';

const CheckInInput = z.strictObject({
  email: z.string('invalid_email').trim().min(3, 'invalid_email').max(254, 'invalid_email'),
});

export const POST = withAdmin(async ({ req, ctx, user }) => {
  const id = Number(new URL(req.url).pathname.split('/').at(-2));
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError('not_found');
  const { email } = await readJson(req, CheckInInput);
  return NextResponse.json(await checkInByEmail(ctx, user, id, email));
});
