// The admin console's chart series, shared by the server and the browser (no node imports).

export const MINUTE_MS = 60_000;
/** The overview shows the last hour at one-minute resolution. */
export const WINDOW_MINUTES = 60;

/** One instance's values for one minute: counts per minute, latencies in ms, sockets connected. */
export interface ChartPoint {
  minute: number;
  instance: string;
  values: Record<string, number>;
}

/** Namespace of the admin console's live updates. */
export const ADMIN_NAMESPACE = '/admin';

export interface AdminServerToClient {
  point: (point: ChartPoint) => void;
}
export interface AdminClientToServer {
  /** The last hour, merged over instances, then live `point`s. */
  history: (ack: (result: { ok: true; points: ChartPoint[] } | { ok: false; code: string }) => void) => void;
}

/** Counts add up over instances; latencies take the slowest instance's figure. */
const MAX_SERIES = /^(push_|webhook_)/;

/**
 * Merges per-instance points into one per minute (instance `*`). A restarted process wrote its own
 * rows, so a minute that spans a restart is still whole.
 */
export function mergePoints(points: ChartPoint[]): ChartPoint[] {
  const byMinute = new Map<number, Record<string, number>>();
  for (const p of points) {
    const into = byMinute.get(p.minute) ?? {};
    for (const [key, value] of Object.entries(p.values)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      into[key] = MAX_SERIES.test(key) ? Math.max(into[key] ?? 0, value) : (into[key] ?? 0) + value;
    }
    byMinute.set(p.minute, into);
  }
  return [...byMinute.entries()]
    .sort(([a], [b]) => a - b)
    .map(([minute, values]) => ({ minute, instance: '*', values }));
}

export interface ChartDef {
  id: string;
  /** i18n key of the title */
  title: string;
  unit: 'count' | 'ms';
  series: Array<{ key: string; label: string; color: string; dash?: number[] }>;
  /** A horizontal limit line, e.g. WeChat's 5 s. */
  limit?: { value: number; label: string };
}

export const CHARTS: ChartDef[] = [
  {
    id: 'scans',
    title: 'admin.chart.scans',
    unit: 'count',
    series: [
      { key: 'scans_bind', label: 'admin.series.bind', color: '#1A7F37' },
      { key: 'scans_login', label: 'admin.series.login', color: '#0B63C5' },
      { key: 'scans_verify', label: 'admin.series.verify', color: '#8A4B00' },
      { key: 'scans_checkin', label: 'admin.series.checkin', color: '#6E40C9' },
    ],
  },
  {
    id: 'outcomes',
    title: 'admin.chart.outcomes',
    unit: 'count',
    series: [
      { key: 'binds', label: 'admin.series.binds', color: '#1A7F37' },
      { key: 'logins', label: 'admin.series.logins', color: '#0B63C5' },
      { key: 'conflicts', label: 'admin.series.conflicts', color: '#C62828' },
    ],
  },
  {
    id: 'push',
    title: 'admin.chart.push',
    unit: 'ms',
    series: [
      { key: 'push_p50', label: 'p50', color: '#0B63C5' },
      { key: 'push_p99', label: 'p99', color: '#8A4B00' },
    ],
  },
  {
    id: 'webhook',
    title: 'admin.chart.webhook',
    unit: 'ms',
    series: [
      { key: 'webhook_p50', label: 'p50', color: '#0B63C5' },
      { key: 'webhook_p99', label: 'p99', color: '#8A4B00' },
      { key: 'webhook_max', label: 'max', color: '#6E40C9' },
    ],
    limit: { value: 5000, label: 'admin.series.wechatLimit' },
  },
  {
    id: 'sockets',
    title: 'admin.chart.sockets',
    unit: 'count',
    series: [{ key: 'sockets', label: 'admin.series.sockets', color: '#1A7F37' }],
  },
];
