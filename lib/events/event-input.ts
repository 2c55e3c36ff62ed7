import { z } from 'zod';

const time = z.number('invalid_event_time').int('invalid_event_time').min(0, 'invalid_event_time');

/** An event as an admin creates or edits it; times are epoch milliseconds. */
export const EventInput = z
  .strictObject({
    title: z.string('invalid_event_title').trim().min(1, 'invalid_event_title').max(120, 'invalid_event_title'),
    description: z.string('invalid_event_description').max(4000, 'invalid_event_description'),
    place: z.string('invalid_event_place').trim().min(1, 'invalid_event_place').max(200, 'invalid_event_place'),
    startsAt: time,
    endsAt: time,
    capacity: z
      .number('invalid_capacity')
      .int('invalid_capacity')
      .min(1, 'invalid_capacity')
      .max(100_000, 'invalid_capacity'),
    signupDeadline: time,
    walkInsAllowed: z.boolean('invalid_input'),
  })
  .refine((e) => e.endsAt >= e.startsAt, { message: 'invalid_event_time' })
  .refine((e) => e.signupDeadline <= e.endsAt, { message: 'invalid_event_deadline' });
export type EventInput = z.infer<typeof EventInput>;
