'use client';
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import {
  ADMIN_NAMESPACE,
  type AdminClientToServer,
  type AdminServerToClient,
  CHARTS,
  type ChartDef,
  type ChartPoint,
  MINUTE_MS,
  mergePoints,
  WINDOW_MINUTES,
} from '@/lib/metrics/series';
import { useT } from '../i18n-provider';

type AdminSocket = Socket<AdminServerToClient, AdminClientToServer>;

/**
 * The overview: one uPlot chart per series group over the last hour, one point per minute. The history
 * comes once over Socket.IO (`history`), then each instance pushes its current minute (`point`); no polling.
 */
export function AdminCharts() {
  const t = useT();
  const [connected, setConnected] = useState(false);
  const [points, setPoints] = useState<ChartPoint[]>([]);
  const [updates, setUpdates] = useState(0);

  useEffect(() => {
    const socket: AdminSocket = io(ADMIN_NAMESPACE, { transports: ['websocket', 'polling'], withCredentials: true });
    // Rows by minute and instance: a newer push of the same minute replaces the older one.
    const rows = new Map<string, ChartPoint>();
    const publish = () => {
      const since = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - (WINDOW_MINUTES - 1) * MINUTE_MS;
      for (const [key, p] of rows) if (p.minute < since) rows.delete(key);
      setPoints(mergePoints([...rows.values()]));
      setUpdates((n) => n + 1);
    };
    socket.on('connect', () => {
      setConnected(true);
      socket.emit('history', (result) => {
        if (!result.ok) return;
        for (const p of result.points) rows.set(`${p.minute}/${p.instance}`, p);
        publish();
      });
    });
    socket.on('disconnect', () => setConnected(false));
    socket.on('point', (p) => {
      rows.set(`${p.minute}/${p.instance}`, p);
      publish();
    });
    return () => {
      socket.close();
    };
  }, []);

  return (
    <div className="stack">
      <p className="hint" aria-live="polite">
        <span className={connected ? 'live-dot on' : 'live-dot'} aria-hidden="true" />{' '}
        {connected ? t('admin.live.on') : t('admin.live.off')}
      </p>
      <div className="chart-grid" data-updates={updates}>
        {CHARTS.map((def) => (
          <Chart key={def.id} def={def} points={points} />
        ))}
      </div>
    </div>
  );
}

/** Minutes of the window as x (seconds, uPlot's unit), each series' values (null: nothing that minute). */
function toData(def: ChartDef, points: ChartPoint[]): uPlot.AlignedData {
  const end = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
  const byMinute = new Map(points.map((p) => [p.minute, p.values]));
  const xs: number[] = [];
  for (let m = end - (WINDOW_MINUTES - 1) * MINUTE_MS; m <= end; m += MINUTE_MS) xs.push(m / 1000);
  const counts = def.unit === 'count';
  const series = def.series.map((s) =>
    xs.map((x) => {
      const v = byMinute.get(x * 1000)?.[s.key];
      return v ?? (counts && s.key !== 'sockets' ? 0 : null);
    }),
  );
  const limit = def.limit ? [xs.map(() => def.limit!.value)] : [];
  return [xs, ...series, ...limit];
}

function Chart({ def, points }: { def: ChartDef; points: ChartPoint[] }) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const data = toData(def, points);
  const latest = def.series.map((s) => ({ label: t(s.label), value: data[def.series.indexOf(s) + 1].at(-1) }));

  // biome-ignore lint/correctness/useExhaustiveDependencies: one plot per chart; its labels follow the page's locale, fixed for the page's life.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = Math.max(280, el.clientWidth);
    const opts: uPlot.Options = {
      width,
      height: 180,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true },
        y: { range: (_u, min, max) => [0, Math.max(def.unit === 'ms' ? 10 : 4, max, min)] },
      },
      axes: [{ stroke: '#646a73' }, { stroke: '#646a73', size: 50 }],
      series: [
        {},
        // Points as well as lines: a lone minute (one scan, one latency) is a dot, not nothing.
        ...def.series.map((s) => ({
          label: t(s.label),
          stroke: s.color,
          width: 2,
          spanGaps: false,
          points: { show: true, size: 5, fill: s.color },
        })),
        ...(def.limit ? [{ label: t(def.limit.label), stroke: '#C62828', width: 1, dash: [6, 4] }] : []),
      ],
    };
    plot.current = new uPlot(opts, toData(def, []), el);
    const resize = () => plot.current?.setSize({ width: Math.max(280, el.clientWidth), height: 180 });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      plot.current?.destroy();
      plot.current = null;
    };
  }, [def]);

  useEffect(() => {
    plot.current?.setData(data);
  });

  return (
    <section className="card chart-card" aria-labelledby={`chart-${def.id}`} data-chart={def.id}>
      <h2 id={`chart-${def.id}`} className="chart-title">
        {t(def.title)}
      </h2>
      <div ref={box} className="chart-box" role="img" aria-label={t(def.title)} />
      <p className="chart-now">
        {t('admin.chart.now')}:{' '}
        {latest.map((l, i) => (
          <span key={l.label} data-series={def.series[i].key}>
            {i > 0 ? ' · ' : ''}
            {l.label} <strong data-testid={`now-${def.series[i].key}`}>{l.value ?? '–'}</strong>
          </span>
        ))}
      </p>
    </section>
  );
}
