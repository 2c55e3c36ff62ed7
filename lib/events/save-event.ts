import { recordAdminAction } from '../admin/record-admin-action';
import type { Ctx } from '../context';
import type { EventRow, User } from '../db/types';
import { ConflictError, NotFoundError } from '../errors';
import type { EventInput } from './event-input';

type SaveCtx = Pick<Ctx, 'repos' | 'now'>;

/** createEvent(ctx, admin, input): a new event, audited as `admin.event_create`. */
export async function createEvent(ctx: SaveCtx, admin: User, input: EventInput): Promise<EventRow> {
  const event = await ctx.repos.events.create(input, ctx.now());
  await recordAdminAction(ctx, admin, 'event_create', { eventId: event.id, title: event.title });
  return event;
}

/** updateEvent(ctx, admin, id, input): the database refuses a capacity under the places taken. */
export async function updateEvent(ctx: SaveCtx, admin: User, id: number, input: EventInput): Promise<EventRow> {
  const result = await ctx.repos.events.update(id, input);
  if (result === 'not_found') throw new NotFoundError('not_found');
  if (result === 'capacity_below_signups') throw new ConflictError('capacity_below_signups');
  await recordAdminAction(ctx, admin, 'event_update', { eventId: id });
  const event = await ctx.repos.events.get(id);
  if (!event) throw new NotFoundError('not_found');
  return event;
}
