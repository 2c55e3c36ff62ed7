import { recordAdminAction } from '../admin/record-admin-action';
import type { Ctx } from '../context';
import type { User } from '../db/types';
import { ConflictError, NotFoundError } from '../errors';
import { publishBoard } from './board';

/** checkInByEmail(ctx, staff, eventId, email): the door's fallback; walk-ins only when the event allows. */
export async function checkInByEmail(
  ctx: Pick<Ctx, 'repos' | 'now' | 'notify' | 'log'>,
  staff: User,
  eventId: number,
  email: string,
): Promise<{ state: 'checked_in' | 'already'; arrival: number }> {
  const event = await ctx.repos.events.get(eventId);
  if (!event) throw new NotFoundError('not_found');
  const user = await ctx.repos.users.findByEmail(email.toLowerCase());
  if (!user) throw new NotFoundError('user_not_found');
  const result = await ctx.repos.events.checkIn({
    eventId,
    userId: user.id,
    now: ctx.now(),
    walkIn: event.walkInsAllowed,
  });
  if (result.state === 'not_found') throw new NotFoundError('not_found');
  if (result.state === 'not_signed_up') throw new ConflictError('not_signed_up');
  if (result.state === 'checked_in') {
    await recordAdminAction(ctx, staff, 'event_checkin', { eventId, userId: user.id, arrival: result.arrival });
    await publishBoard(ctx, eventId);
  }
  return { state: result.state, arrival: result.arrival };
}
