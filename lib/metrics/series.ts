// The admin console's chart series, shared by the server and the browser (no node imports).
import type { MessageKey } from '../i18n';
import { SCENE_PURPOSES, type ScenePurpose } from '../scene/status';

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

const GREEN = '#1A7F37';
const BLUE = '#0B63C5';
const AMBER = '#8A4B00';
const PURPLE = '#6E40C9';
const TEAL = '#00796B';
const RED = '#C62828';
/** Series colours in order (red is kept for errors). */
const PALETTE = [GREEN, BLUE, AMBER, PURPLE, TEAL];

/** A purpose's scan series; its label is a string of lib/i18n, so a purpose without one fails the type-check. */
const scansOf = (purpose: ScenePurpose, i: number) => {
  const label: MessageKey = `admin.series.${purpose}`;
  return { key: `scans_${purpose}`, label, color: PALETTE[i % PALETTE.length] };
};

/** A chart titled `admin.chart.<id>`. */
const chart = (
  id: string,
  unit: ChartDef['unit'],
  series: ChartDef['series'],
  limit?: ChartDef['limit'],
): ChartDef => ({
  id,
  title: `admin.chart.${id}`,
  unit,
  series,
  ...(limit && { limit }),
});

/** Latency figures of one measurement (`push_p50`…), labelled as they are. */
const latencies = (prefix: string, figures: string[]) =>
  figures.map((figure, i) => ({ key: `${prefix}_${figure}`, label: figure, color: PALETTE[i + 1] }));

export const CHARTS: ChartDef[] = [
  chart('scans', 'count', SCENE_PURPOSES.map(scansOf)),
  chart('outcomes', 'count', [
    { key: 'binds', label: 'admin.series.binds', color: GREEN },
    { key: 'logins', label: 'admin.series.logins', color: BLUE },
    { key: 'conflicts', label: 'admin.series.conflicts', color: RED },
  ]),
  chart('push', 'ms', latencies('push', ['p50', 'p99'])),
  chart('webhook', 'ms', latencies('webhook', ['p50', 'p99', 'max']), {
    value: 5000,
    label: 'admin.series.wechatLimit',
  }),
  chart('sockets', 'count', [{ key: 'sockets', label: 'admin.series.sockets', color: GREEN }]),
];
