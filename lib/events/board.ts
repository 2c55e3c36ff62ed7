import type { Ctx } from '../context';
import { maskEmail } from '../log';
import type { BoardUpdate } from '../realtime/events';

export const BOARD_LATEST = 10;

/** eventBoard(ctx, eventId): what the big screen shows; null for an unknown event. */
export async function eventBoard({ repos }: Pick<Ctx, 'repos'>, eventId: number): Promise<BoardUpdate | null> {
  const event = await repos.events.get(eventId);
  if (!event) return null;
  const latest = await repos.events.latestArrivals(eventId, BOARD_LATEST);
  return {
    eventId,
    checkedIn: event.checkedIn,
    capacity: event.capacity,
    latest: latest.map((a) => ({
      arrival: a.arrival ?? 0,
      name: a.email ? maskEmail(a.email) : `#${a.userId}`,
      at: a.checkedInAt ?? 0,
    })),
  };
}

/** After a check-in committed: push the board to the screens watching it (best effort). */
export async function publishBoard(ctx: Pick<Ctx, 'repos' | 'notify' | 'log'>, eventId: number): Promise<void> {
  try {
    const board = await eventBoard(ctx, eventId);
    if (board) ctx.notify.board(board);
  } catch (err) {
    ctx.log.warn({ err: (err as Error).message, eventId }, 'board not pushed');
  }
}
