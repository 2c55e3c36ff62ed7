import { Webhook } from 'standardwebhooks';
import type { DueDelivery, Repos } from '../db/types';
import type { Logger } from '../log';
import { onWebhookWake } from './enqueue-event';

/**
 * Retry delays in seconds after each failed attempt: the first retry within 5 s, then exponential
 * backoff capped at 8 h, for about 31 h in all (the Standard Webhooks spec suggests retrying for a
 * day or more). After the last one the delivery is `failed` and can be resent.
 */
export const DEFAULT_RETRY_SCHEDULE = [5, 30, 120, 600, 1800, 3600, 7200, 14400, 28800, 28800, 28800];

export interface DispatcherOptions {
  repos: Repos;
  log: Logger;
  now: () => number;
  retrySchedule?: readonly number[];
  timeoutMs?: number;
  pollMs?: number;
  batch?: number;
}

const RESPONSE_LOG_BYTES = 1024;

/**
 * Sends the outbox: polls for due deliveries (and wakes at once when an event is enqueued in this
 * process), leases them so several instances never send one attempt twice, signs each with the
 * endpoint's whsec_ secret (standardwebhooks), and logs every attempt with its status and response.
 * A crashed sender's lease lapses after the request timeout, and the delivery is sent again with the
 * same webhook-id.
 */
export class WebhookDispatcher {
  private readonly schedule: readonly number[];
  private readonly timeoutMs: number;
  private readonly pollMs: number;
  private readonly batch: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly opts: DispatcherOptions) {
    this.schedule = opts.retrySchedule?.length ? opts.retrySchedule : DEFAULT_RETRY_SCHEDULE;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.pollMs = opts.pollMs ?? 1000;
    this.batch = opts.batch ?? 20;
  }

  start(): void {
    onWebhookWake(() => this.kick());
    this.schedulePoll(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    onWebhookWake(undefined);
    clearTimeout(this.timer);
    await this.running;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Look for due deliveries now. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    // After the current tick: the enqueueing transaction commits first.
    this.timer = setTimeout(() => this.tick(), 5);
  }

  private schedulePoll(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), ms);
    this.timer.unref();
  }

  private tick(): void {
    if (this.running || this.stopped) return;
    this.running = (async () => {
      do {
        this.again = false;
        try {
          const now = this.opts.now();
          const due = await this.opts.repos.webhooks.claimDue(now, now + this.timeoutMs + 5000, this.batch);
          for (const delivery of due) {
            const sending = this.send(delivery).finally(() => this.inFlight.delete(sending));
            this.inFlight.add(sending);
          }
          if (due.length === this.batch) this.again = true;
        } catch (err) {
          this.opts.log.warn({ err: (err as Error).message }, 'webhook dispatch failed');
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = null;
      this.schedulePoll(this.pollMs);
    });
  }

  private async send(d: DueDelivery): Promise<void> {
    const started = this.opts.now();
    let status: number | null = null;
    let response: string | null = null;
    try {
      const signedAt = new Date(started);
      const signature = new Webhook(d.secret).sign(d.eventId, signedAt, d.payload);
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'WeBind-Webhooks/1',
          'webhook-id': d.eventId,
          'webhook-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body: d.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.status;
      response = (await readCapped(res)).slice(0, RESPONSE_LOG_BYTES);
    } catch (err) {
      response = `error: ${(err as Error).name === 'TimeoutError' ? 'timed out' : (err as Error).message}`.slice(
        0,
        RESPONSE_LOG_BYTES,
      );
    }
    const at = this.opts.now();
    const ok = status !== null && status >= 200 && status < 300;
    const attempt = d.attempts + 1;
    const delay = this.schedule[attempt - 1];
    const outcome = ok ? 'delivered' : delay === undefined ? 'failed' : 'retry';
    try {
      await this.opts.repos.webhooks.recordAttempt({
        deliveryId: d.deliveryId,
        at,
        status,
        response,
        durationMs: at - started,
        outcome,
        nextAttemptAt: outcome === 'retry' ? at + delay * 1000 : at,
      });
    } catch (err) {
      // The lease lapses and the delivery is sent again: at least once, never lost.
      this.opts.log.warn({ err: (err as Error).message, eventId: d.eventId }, 'webhook attempt not recorded');
    }
    if (!ok)
      this.opts.log.info({ eventId: d.eventId, type: d.type, status, attempt, outcome }, 'webhook delivery failed');
    if (outcome === 'retry' && delay * 1000 < this.pollMs) this.schedulePoll(delay * 1000);
  }
}

async function readCapped(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < RESPONSE_LOG_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  return Buffer.concat(chunks).toString('utf8');
}
