// POST /api/admin/events/:id/checkin-qr: the door screen's QR for this minute (purpose `checkin`), shared by
// this administrator's screens of the event.
import { NextResponse } from 'next/server';
import { NotFoundError } from '@/lib/errors';
import { createCheckinQr } from '@/lib/events/create-checkin-qr';
import { withAdmin } from '@/lib/http/route';

export const POST = withAdmin(async ({ req, ctx, user }) => {
  const id = Number(new URL(req.url).pathname.split('/').at(-2));
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError('not_found');
  return NextResponse.json(await createCheckinQr(ctx, { eventId: id, userId: user.id }), {
    status: 201,
    headers: { 'cache-control': 'no-store' },
  });
});
