// Run-time metrics, recorded once and read two ways: prom-client for `GET /metrics`, and one-minute
// chart points for the admin console (kept in the database, pushed live over Socket.IO).
import { randomBytes } from 'node:crypto';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { OpsRepo } from '../db/ops';
import type { Logger } from '../log';
import { type ChartPoint, MINUTE_MS, WINDOW_MINUTES } from './series';

export type WebhookOutcome = 'handled' | 'handshake' | 'refused' | 'failed' | 'error';

/** What the domain and the transports tell the recorder; kept small so tests can pass a fake. */
export interface MetricsSink {
  webhook(outcome: WebhookOutcome, durationMs: number): void;
  event(kind: string): void;
  scan(purpose: string): void;
  bind(): void;
  login(): void;
  conflict(): void;
  pushLatency(ms: number): void;
  /** What openapi/quota/get said is left today of an API's daily quota. */
  quota(api: string, remain: number): void;
}

const FLUSH_EVERY_MS = 5_000;
/** The event-loop delay monitor's timer; its readings include it (an idle loop reads this much). */
export const EVENT_LOOP_PRECISION_MS = 50;
/** prom-client default metrics whose collection walks every open handle, request or descriptor. */
const PER_HANDLE_DEFAULTS = [
  'nodejs_active_handles',
  'nodejs_active_handles_total',
  'nodejs_active_requests',
  'nodejs_active_requests_total',
  'nodejs_active_resources',
  'nodejs_active_resources_total',
  'process_open_fds',
];
/** Pushes to the console at most this often (a burst of scans is one update). */
const EMIT_THROTTLE_MS = 200;

interface Minute {
  minute: number;
  counts: Record<string, number>;
  push: number[];
  webhook: number[];
  dirty: boolean;
}

export interface RecorderOptions {
  ops: OpsRepo;
  log: Logger;
  now: () => number;
  /** Live socket count (all namespaces of this process). */
  sockets: () => number;
  /** Called (throttled) with this instance's current-minute point after a change. */
  onPoint?: (point: ChartPoint) => void;
  /**
   * Whether anyone receives `onPoint` now (an admin console is open). Without one no live point is
   * computed: its quantiles sort the minute's samples, which at 500 scans/s is 30,000 per series.
   */
  watching?: () => boolean;
}

export class MetricsRecorder implements MetricsSink {
  readonly registry = new Registry();
  /** This process's rows in metric_minutes; a restarted process writes new rows beside the old ones. */
  readonly instance = `${process.pid.toString(36)}-${randomBytes(4).toString('hex')}`;
  private current: Minute;
  private emitTimer: NodeJS.Timeout | null = null;
  private flushTimer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  readonly webhookRequests: Counter<'outcome'>;
  readonly webhookDuration: Histogram<'outcome'>;
  readonly events: Counter<'kind'>;
  readonly scans: Counter<'purpose'>;
  readonly outcomes: Counter<'outcome'>;
  readonly pushLatencyHistogram: Histogram;
  readonly qrCreations: Counter;
  readonly quotaRemaining: Gauge<'api'>;
  readonly tokenRefreshes: Counter<'result'>;
  readonly apiCalls: Counter<'path' | 'errcode'>;

  constructor(private readonly opts: RecorderOptions) {
    const registers = [this.registry];
    const counter = <L extends string>(name: string, help: string, ...labelNames: L[]) =>
      new Counter<L>({ name, help, labelNames, registers });
    collectDefaultMetrics({
      register: this.registry,
      prefix: 'webind_',
      // The event-loop delay monitor is a timer: at prom-client's default 10 ms it woke an idle server 100
      // times a second, most of its idle CPU (issue 20). At 50 ms a stall still lands in the histogram.
      eventLoopMonitoringPrecision: EVENT_LOOP_PRECISION_MS,
    });
    // These list every handle or descriptor at each scrape: with 10,000 browsers connected a scrape held
    // the event loop for 40–50 ms (measured, issue 20), stalling every push behind it. The connection
    // count is webind_sockets_connected, read from a counter.
    for (const name of PER_HANDLE_DEFAULTS) this.registry.removeSingleMetric(`webind_${name}`);
    this.webhookRequests = counter(
      'webind_webhook_requests_total',
      'Requests to /api/wechat by outcome (handled, handshake, refused, failed, error).',
      'outcome',
    );
    // WeChat gives up after 5 s: the buckets are finer below it.
    this.webhookDuration = new Histogram({
      name: 'webind_webhook_duration_seconds',
      help: 'Time to answer a request to /api/wechat (WeChat waits 5 s).',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 4, 5, 10],
      registers,
    });
    this.events = counter(
      'webind_wechat_events_total',
      'Verified messages and events from WeChat by kind (scan, subscribe, text, click…).',
      'kind',
    );
    this.scans = counter('webind_scans_total', 'QR scenes scanned, by purpose.', 'purpose');
    this.outcomes = counter('webind_scan_outcomes_total', 'What scans led to: bind, login, conflict.', 'outcome');
    this.pushLatencyHistogram = new Histogram({
      name: 'webind_push_latency_seconds',
      help: 'From a webhook request received to the browser told over Socket.IO.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    new Gauge({
      name: 'webind_sockets_connected',
      help: 'Socket.IO connections open on this instance.',
      registers,
      collect() {
        this.set(opts.sockets());
      },
    });
    this.qrCreations = counter('webind_qr_creations_total', 'Temporary QR codes created through qrcode/create.');
    this.quotaRemaining = new Gauge({
      name: 'webind_wechat_quota_remaining',
      help: "Calls left today of a WeChat API's daily quota, as openapi/quota/get last answered.",
      labelNames: ['api'],
      registers,
    });
    this.tokenRefreshes = counter(
      'webind_token_refreshes_total',
      'Access-token refreshes through stable_token, by result (ok, error).',
      'result',
    );
    this.apiCalls = counter(
      'webind_wechat_api_calls_total',
      'Calls to the WeChat server API by path and errcode (0 ok, -1 transport failure).',
      'path',
      'errcode',
    );
    this.current = this.blank(this.minuteOf(opts.now()));
    this.flushTimer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.flushTimer.unref();
  }

  // ---- MetricsSink

  webhook(outcome: WebhookOutcome, durationMs: number): void {
    this.webhookRequests.inc({ outcome });
    this.webhookDuration.observe({ outcome }, durationMs / 1000);
    if (outcome === 'handled' || outcome === 'failed') this.bump(null, (m) => m.webhook.push(durationMs));
  }
  event(kind: string): void {
    this.events.inc({ kind });
  }
  scan(purpose: string): void {
    this.scans.inc({ purpose });
    this.bump(`scans_${purpose}`);
  }
  bind(): void {
    this.outcomes.inc({ outcome: 'bind' });
    this.bump('binds');
  }
  login(): void {
    this.outcomes.inc({ outcome: 'login' });
    this.bump('logins');
  }
  conflict(): void {
    this.outcomes.inc({ outcome: 'conflict' });
    this.bump('conflicts');
  }
  pushLatency(ms: number): void {
    this.pushLatencyHistogram.observe(ms / 1000);
    this.bump(null, (m) => m.push.push(ms));
  }

  quota(api: string, remain: number): void {
    this.quotaRemaining.set({ api }, remain);
  }

  // ---- WeChat client observers

  apiCall(path: string, errcode: number): void {
    this.apiCalls.inc({ path, errcode: String(errcode) });
    if (path === '/cgi-bin/qrcode/create' && errcode === 0) this.qrCreations.inc();
  }
  tokenRefresh(ok: boolean): void {
    this.tokenRefreshes.inc({ result: ok ? 'ok' : 'error' });
  }

  // ---- chart points

  /** This instance's point for the current minute. */
  point(): ChartPoint {
    this.roll();
    return this.toPoint(this.current);
  }

  /** Writes the current minute (and drops points older than the window) if anything changed. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      this.roll();
      const m = this.current;
      // Sockets are sampled even in a quiet minute, so the chart shows idle connections.
      const point = this.toPoint(m);
      if (!m.dirty && !point.values.sockets) return;
      m.dirty = false;
      try {
        await this.opts.ops.saveMinute({ minute: m.minute, instance: this.instance, data: point.values });
        await this.opts.ops.pruneMinutes(m.minute - (WINDOW_MINUTES + 60) * MINUTE_MS);
      } catch (err) {
        m.dirty = true;
        this.opts.log.warn({ err }, 'metrics: could not save the chart point');
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.flushTimer);
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.current.dirty = true;
    await this.flush();
  }

  private minuteOf(ms: number): number {
    return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
  }

  private blank(minute: number): Minute {
    return { minute, counts: {}, push: [], webhook: [], dirty: false };
  }

  /** Starts a new minute when the clock passed the current one; the finished one is saved first. */
  private roll(): void {
    const minute = this.minuteOf(this.opts.now());
    if (minute === this.current.minute) return;
    const done = this.current;
    if (done.dirty) {
      done.dirty = false;
      const values = this.toPoint(done).values;
      void this.opts.ops
        .saveMinute({ minute: done.minute, instance: this.instance, data: values })
        .catch((err: unknown) => this.opts.log.warn({ err }, 'metrics: could not save the chart point'));
    }
    this.current = this.blank(minute);
  }

  private bump(series: string | null, fn?: (m: Minute) => void): void {
    this.roll();
    const m = this.current;
    if (series) m.counts[series] = (m.counts[series] ?? 0) + 1;
    fn?.(m);
    m.dirty = true;
    this.scheduleEmit();
  }

  private scheduleEmit(): void {
    if (this.emitTimer || !this.opts.onPoint || this.opts.watching?.() === false) return;
    this.emitTimer = setTimeout(() => {
      this.emitTimer = null;
      this.opts.onPoint?.(this.point());
    }, EMIT_THROTTLE_MS);
    this.emitTimer.unref();
  }

  private toPoint(m: Minute): ChartPoint {
    const values: Record<string, number> = { ...m.counts, sockets: this.opts.sockets() };
    if (m.push.length) {
      const sorted = sortSamples(m.push);
      values.push_p50 = quantile(sorted, 0.5);
      values.push_p99 = quantile(sorted, 0.99);
    }
    if (m.webhook.length) {
      const sorted = sortSamples(m.webhook);
      values.webhook_p50 = quantile(sorted, 0.5);
      values.webhook_p99 = quantile(sorted, 0.99);
      values.webhook_max = sorted[sorted.length - 1];
    }
    return { minute: m.minute, instance: this.instance, values };
  }
}

/**
 * The samples sorted ascending, once per series for all its quantiles. A Float64Array sorts numbers
 * natively, about five times faster than an array with a comparator (30,000 samples: 6 ms vs 33 ms
 * here), and the event loop is blocked meanwhile.
 */
export function sortSamples(samples: readonly number[]): Float64Array {
  return Float64Array.from(samples).sort();
}

/** Nearest-rank quantile of samples sorted ascending (ms, rounded to 0.1 ms). */
export function quantile(sorted: Float64Array, q: number): number {
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return Math.round(sorted[rank] * 10) / 10;
}
