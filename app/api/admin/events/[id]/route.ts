// PUT /api/admin/events/:id: an administrator edits an event.
import { NextResponse } from 'next/server';
import { NotFoundError } from '@/lib/errors';
import { EventInput } from '@/lib/events/event-input';
import { updateEvent } from '@/lib/events/save-event';
import { readJson, withAdmin } from '@/lib/http/route';

export const PUT = withAdmin(async ({ req, ctx, user }) => {
  const id = Number(new URL(req.url).pathname.split('/').at(-1));
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError('not_found');
  const event = await updateEvent(ctx, user, id, await readJson(req, EventInput));
  return NextResponse.json(event);
});
