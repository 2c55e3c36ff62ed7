import type { Repos } from '../db/types';
import { pooledRandomBytes } from '../random';
import type { WebhookEventData, WebhookEventType } from './event-types';

/**
 * Writes an event to the outbox inside the caller's transaction, so it exists exactly when the effect
 * it reports was committed (nothing lost on a crash, nothing sent for a rolled-back change). The
 * dispatcher sends it after the commit; its id is the `webhook-id` of every attempt, so a receiver
 * dedupes retries by it.
 */
export async function enqueueEvent<T extends WebhookEventType>(
  tx: Repos,
  type: T,
  data: WebhookEventData[T],
  now: number,
): Promise<string> {
  const event = outboxEvent(type, data, now);
  // No endpoint takes this event: nothing to send, so the dispatcher is left asleep (a wake is a timer
  // and a claim query, per bind event, for nothing).
  if ((await tx.webhooks.enqueue(event)) > 0) wakeWebhookDispatcher();
  return event.id;
}

/** An outbox row: a fresh id and the exact JSON body every delivery signs and sends. */
export function outboxEvent<T extends WebhookEventType>(type: T, data: WebhookEventData[T], now: number) {
  const id = `msg_${pooledRandomBytes(16).toString('base64url')}`;
  return { id, type, payload: JSON.stringify({ type, timestamp: new Date(now).toISOString(), data }), createdAt: now };
}

const KICK = Symbol.for('webind.webhooks.kick');
type Holder = { [KICK]?: () => void };

/** The dispatcher registers how to wake it (through globalThis: app/ and server/ are bundled apart). */
export function onWebhookWake(fn: (() => void) | undefined): void {
  (globalThis as Holder)[KICK] = fn;
}

/** Asks the dispatcher to look for due deliveries soon (it also polls on its own). */
export function wakeWebhookDispatcher(): void {
  (globalThis as Holder)[KICK]?.();
}
