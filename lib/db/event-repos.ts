/**
 * The events repository (issue 19), written once for both dialects over lib/db/repos.ts's DialectKit.
 * Capacity is the database's: a sign-up is `UPDATE events SET signed_up = signed_up + 1 WHERE
 * signed_up < capacity AND signup_deadline > now`, and the CHECK `signed_up <= capacity` refuses any
 * write that would overbook. On PostgreSQL the UPDATE takes the row lock, so concurrent sign-ups queue
 * and each re-reads the counter; on SQLite writes are serialised by the write transaction.
 */
import { and, asc, desc, eq, gt, isNotNull, lt, sql } from 'drizzle-orm';
import { incrementById, p, rowsWhere, type Runner, v } from './query-parts';
import type { Attendee, CheckInResult, EventFields, EventRow, EventsRepo, SignUpResult } from './event-types';
import type { DialectKit } from './repos';

export function prepareEventStatements(kit: DialectKit) {
  const { db, schema: s } = kit;
  const prep = kit.prepare.bind(kit);
  const attendee = {
    userId: s.eventSignups.userId,
    email: s.users.email,
    signedUpAt: s.eventSignups.signedUpAt,
    walkIn: s.eventSignups.walkIn,
    checkedInAt: s.eventSignups.checkedInAt,
    arrival: s.eventSignups.arrival,
  };
  return {
    eventInsert: prep(
      'webind_event_insert',
      db
        .insert(s.events)
        .values({
          title: p('title'),
          description: p('description'),
          place: p('place'),
          startsAt: p('startsAt'),
          endsAt: p('endsAt'),
          capacity: p('capacity'),
          signupDeadline: p('signupDeadline'),
          walkInsAllowed: p('walkInsAllowed'),
          createdAt: p('now'),
        })
        .returning(),
    ),
    eventUpdate: prep(
      'webind_event_update',
      db
        .update(s.events)
        .set({
          title: v('title'),
          description: v('description'),
          place: v('place'),
          startsAt: v('startsAt'),
          endsAt: v('endsAt'),
          capacity: v('capacity'),
          signupDeadline: v('signupDeadline'),
          walkInsAllowed: v('walkInsAllowed'),
        })
        .where(eq(s.events.id, p('id'))),
    ),
    eventById: prep('webind_event_by_id', rowsWhere(db, s.events, 'id')),
    eventList: prep('webind_event_list', db.select().from(s.events).orderBy(desc(s.events.startsAt))),
    eventListOpen: prep(
      'webind_event_list_open',
      db
        .select()
        .from(s.events)
        .where(gt(s.events.signupDeadline, p('now')))
        .orderBy(asc(s.events.startsAt)),
    ),
    // The capacity and deadline are in the WHERE and the CHECK: no read-then-write gap to race through.
    eventTakePlace: prep(
      'webind_event_take_place',
      db
        .update(s.events)
        .set({ signedUp: sql`${s.events.signedUp} + 1` })
        .where(
          and(
            eq(s.events.id, p('id')),
            lt(s.events.signedUp, s.events.capacity),
            gt(s.events.signupDeadline, p('now')),
          ),
        )
        .returning({ id: s.events.id }),
    ),
    eventNextArrival: prep('webind_event_next_arrival', incrementById(db, s.events, 'checkedIn', 'arrival')),
    signupInsert: prep(
      'webind_signup_insert',
      db
        .insert(s.eventSignups)
        .values({
          eventId: p('eventId'),
          userId: p('userId'),
          signedUpAt: p('now'),
          walkIn: p('walkIn'),
          checkedInAt: p('checkedInAt'),
          arrival: p('arrival'),
        })
        .onConflictDoNothing()
        .returning({ userId: s.eventSignups.userId }),
    ),
    signupLocked: prep(
      'webind_signup_locked',
      kit.forUpdate(
        db
          .select()
          .from(s.eventSignups)
          .where(and(eq(s.eventSignups.eventId, p('eventId')), eq(s.eventSignups.userId, p('userId')))),
      ),
    ),
    signupCheckIn: prep(
      'webind_signup_check_in',
      db
        .update(s.eventSignups)
        .set({ checkedInAt: v('now'), arrival: v('arrival') })
        .where(
          and(
            eq(s.eventSignups.eventId, p('eventId')),
            eq(s.eventSignups.userId, p('userId')),
            sql`${s.eventSignups.checkedInAt} is null`,
          ),
        ),
    ),
    signupOne: prep(
      'webind_signup_one',
      db
        .select(attendee)
        .from(s.eventSignups)
        .innerJoin(s.users, eq(s.users.id, s.eventSignups.userId))
        .where(and(eq(s.eventSignups.eventId, p('eventId')), eq(s.eventSignups.userId, p('userId')))),
    ),
    attendees: prep(
      'webind_event_attendees',
      db
        .select(attendee)
        .from(s.eventSignups)
        .innerJoin(s.users, eq(s.users.id, s.eventSignups.userId))
        .where(eq(s.eventSignups.eventId, p('eventId')))
        .orderBy(asc(s.eventSignups.signedUpAt), asc(s.eventSignups.userId)),
    ),
    latestArrivals: prep(
      'webind_event_latest_arrivals',
      db
        .select(attendee)
        .from(s.eventSignups)
        .innerJoin(s.users, eq(s.users.id, s.eventSignups.userId))
        .where(and(eq(s.eventSignups.eventId, p('eventId')), isNotNull(s.eventSignups.arrival)))
        .orderBy(desc(s.eventSignups.arrival))
        .limit(p('limit')),
    ),
  };
}

export type EventStatements = ReturnType<typeof prepareEventStatements>;

/** Thrown inside a transaction to roll it back and answer `result`. */
class Rollback<T> extends Error {
  constructor(readonly result: T) {
    super('rollback');
  }
}

const asFields = (f: EventFields) => ({ ...f, walkInsAllowed: f.walkInsAllowed ? 1 : 0 });
const asAttendee = (row: Attendee): Attendee => ({ ...row, walkIn: Boolean(row.walkIn) });
const asEvent = (row: EventRow): EventRow => ({ ...row, walkInsAllowed: Boolean(row.walkInsAllowed) });
// drizzle wraps the driver's error (PostgreSQL's code 23514 is on its `cause`).
const isCheckViolation = (err: unknown): boolean => {
  const e = err as { code?: string; message?: string; cause?: unknown };
  if (/check constraint|23514/i.test(`${e.code ?? ''} ${e.message ?? ''}`)) return true;
  return e.cause ? isCheckViolation(e.cause) : false;
};

/**
 * `run` runs one job (the caller's transaction when inside one); `atomic` runs a job as a transaction
 * of its own (the caller's transaction when inside one).
 */
export function buildEventRepos(q: EventStatements, run: Runner, atomic: Runner): { events: EventsRepo } {
  const inRollback = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof Rollback) return err.result as T;
      throw err;
    }
  };
  return {
    events: {
      create: (fields, now) => run(async (c) => asEvent((await q.eventInsert.get(c, { ...fields, now })) as EventRow)),
      update: (id, fields) =>
        run(async (c) => {
          try {
            return (await q.eventUpdate.run(c, { id, ...asFields(fields) })) > 0 ? 'ok' : 'not_found';
          } catch (err) {
            if (isCheckViolation(err)) return 'capacity_below_signups';
            throw err;
          }
        }),
      get: (id) =>
        run(async (c) => {
          const row = await q.eventById.get(c, { id });
          return row ? asEvent(row as EventRow) : null;
        }),
      list: () => run(async (c) => (await q.eventList.all(c)).map((r) => asEvent(r as EventRow))),
      listOpen: (now) => run(async (c) => (await q.eventListOpen.all(c, { now })).map((r) => asEvent(r as EventRow))),
      signUp: ({ eventId, userId, now }) =>
        inRollback(() =>
          atomic(async (c): Promise<SignUpResult> => {
            if (await q.signupLocked.get(c, { eventId, userId })) return 'already';
            if (!(await q.eventTakePlace.get(c, { id: eventId, now }))) {
              const event = await q.eventById.get(c, { id: eventId });
              if (!event) return 'not_found';
              return event.signupDeadline <= now ? 'closed' : 'full';
            }
            const row = await q.signupInsert.get(c, {
              eventId,
              userId,
              now,
              walkIn: false,
              checkedInAt: null,
              arrival: null,
            });
            // The same user twice at once: the primary key kept one; give back the place just taken.
            if (!row) throw new Rollback<SignUpResult>('already');
            return 'ok';
          }),
        ),
      findSignup: (eventId, userId) =>
        run(async (c) => {
          const row = await q.signupOne.get(c, { eventId, userId });
          return row ? asAttendee(row as Attendee) : null;
        }),
      checkIn: ({ eventId, userId, now, walkIn }) =>
        inRollback(() =>
          atomic(async (c): Promise<CheckInResult> => {
            if (!(await q.eventById.get(c, { id: eventId }))) return { state: 'not_found' };
            const signup = await q.signupLocked.get(c, { eventId, userId });
            if (signup?.checkedInAt != null && signup.arrival != null)
              return { state: 'already', arrival: signup.arrival };
            if (!signup && !walkIn) return { state: 'not_signed_up' };
            const next = await q.eventNextArrival.get(c, { id: eventId });
            if (!next) return { state: 'not_found' };
            const { arrival } = next;
            if (signup) {
              if (!(await q.signupCheckIn.run(c, { eventId, userId, now, arrival })))
                throw new Rollback<CheckInResult>({ state: 'not_signed_up' });
              return { state: 'checked_in', arrival, walkIn: false };
            }
            const row = await q.signupInsert.get(c, {
              eventId,
              userId,
              now,
              walkIn: true,
              checkedInAt: now,
              arrival,
            });
            if (!row) throw new Rollback<CheckInResult>({ state: 'not_signed_up' });
            return { state: 'checked_in', arrival, walkIn: true };
          }),
        ),
      attendees: (eventId) =>
        run(async (c) => (await q.attendees.all(c, { eventId })).map((r) => asAttendee(r as Attendee))),
      latestArrivals: (eventId, limit) =>
        run(async (c) => (await q.latestArrivals.all(c, { eventId, limit })).map((r) => asAttendee(r as Attendee))),
    },
  };
}
