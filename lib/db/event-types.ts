/** Offline events (issue 19): events, sign-ups and check-ins. Part of `Repos` (lib/db/types.ts). */

export interface EventFields {
  title: string;
  description: string;
  place: string;
  startsAt: number;
  endsAt: number;
  capacity: number;
  signupDeadline: number;
  walkInsAllowed: boolean;
}

export interface EventRow extends EventFields {
  id: number;
  signedUp: number;
  checkedIn: number;
  createdAt: number;
}

export interface Attendee {
  userId: number;
  email: string | null;
  signedUpAt: number;
  walkIn: boolean;
  checkedInAt: number | null;
  arrival: number | null;
}

export type SignUpResult = 'ok' | 'already' | 'full' | 'closed' | 'not_found';

export type CheckInResult =
  | { state: 'checked_in'; arrival: number; walkIn: boolean }
  | { state: 'already'; arrival: number }
  | { state: 'not_signed_up' }
  | { state: 'not_found' };

export interface EventsRepo {
  create(fields: EventFields, now: number): Promise<EventRow>;
  /** `capacity_below_signups`: the database refused a capacity under the places already taken. */
  update(id: number, fields: EventFields): Promise<'ok' | 'not_found' | 'capacity_below_signups'>;
  get(id: number): Promise<EventRow | null>;
  list(): Promise<EventRow[]>;
  /** Events whose sign-up deadline has not passed, soonest first. */
  listOpen(now: number): Promise<EventRow[]>;
  /** One atomic sign-up: the capacity and the deadline are checked by the database in the same write. */
  signUp(input: { eventId: number; userId: number; now: number }): Promise<SignUpResult>;
  findSignup(eventId: number, userId: number): Promise<Attendee | null>;
  /** Checks a user in once; a user not signed up is checked in as a walk-in only when `walkIn`. */
  checkIn(input: { eventId: number; userId: number; now: number; walkIn: boolean }): Promise<CheckInResult>;
  /** Sign-ups with their times, in sign-up order. */
  attendees(eventId: number): Promise<Attendee[]>;
  /** The latest arrivals, newest first. */
  latestArrivals(eventId: number, limit: number): Promise<Attendee[]>;
}
