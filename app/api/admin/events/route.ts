// POST /api/admin/events: an administrator creates an offline event (issue 19).
import { NextResponse } from 'next/server';
import { EventInput } from '@/lib/events/event-input';
import { createEvent } from '@/lib/events/save-event';
import { readJson, withAdmin } from '@/lib/http/route';

export const POST = withAdmin(async ({ req, ctx, user }) => {
  const event = await createEvent(ctx, user, await readJson(req, EventInput));
  return NextResponse.json(event, { status: 201 });
});
