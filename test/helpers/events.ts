import type { EventFields, EventRow } from '../../lib/db/event-types';
import type { TestServer } from './server';

export const HOUR = 3600_000;

/**
 * An event made directly in the database (the admin form has its own tests). It starts `startsIn` from
 * now (two hours unless told), lasts an hour, takes 10, closes sign-up at its start and lets no walk-in
 * in; `fields` overrides any of that.
 */
export function createEvent(
  server: TestServer,
  fields: Partial<EventFields> & { title: string; startsIn?: number },
): Promise<EventRow> {
  const { startsIn = 2 * HOUR, ...rest } = fields;
  const startsAt = rest.startsAt ?? Date.now() + startsIn;
  return server.services.repos.events.create(
    {
      description: '',
      place: '上海',
      endsAt: startsAt + HOUR,
      capacity: 10,
      signupDeadline: startsAt,
      walkInsAllowed: false,
      ...rest,
      startsAt,
    },
    Date.now(),
  );
}
