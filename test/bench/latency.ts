// The scan-to-browser latency run, shared by `npm run bench` (run.ts) and the before/after comparison
// of two checkouts (push-ab.ts): waiting browsers, signed scan pushes at a fixed rate, each push timed
// from its send to its browser's `scan` event, with the CPU and event-loop figures of the window.
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { EVENT_LOOP_PRECISION_MS } from '../../lib/metrics/recorder';
import { closeWatchers, connectWatchers, type Watcher } from './browsers';
import { buildScanPush, sendPush } from './pushes';
import type { SeededScene } from './seed';
import { CpuMeter, machineCpuSeconds, processesCpuSeconds, selfCpuSeconds, type ServerProcess } from './server-process';
import { round, sleep, summarize, type Summary } from './stats';

/** The bench's own event-loop delay monitor's timer, in ms. */
const BENCH_LOOP_RESOLUTION_MS = 5;

/** The servers' GET /metrics token: the database's commit/statement/round-trip totals are read there. */
export const METRICS_TOKEN = 'bench-metrics-token-0123456789';
export const APP_SECRET = 'bench-app-secret-0123456789abcdef0123456789';
export const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
export const QR_TTL_SECONDS = 3600;

export const log = (msg: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);

export interface LatencyResult {
  waiting: number;
  rate: number;
  scans: number;
  latency: Summary;
  lost: number;
  webhookErrors: number;
  achievedRate: number;
  /** Server CPU per scan over the window (first push sent → last browser told), summed over the servers. */
  serverCpuMsPerScan: number;
  /** Sum over the server processes (200 % = both cores). */
  serverCpuPercent: number;
  benchCpuPercent: number;
  /** The whole machine (/proc/stat): servers + bench + PostgreSQL/Redis + anything else running. */
  machineCpuPercent: number;
  /** The PostgreSQL server (all its processes) and redis-server, whoever their clients. */
  postgresCpuPercent: number;
  redisCpuPercent: number;
  /** Where a tail comes from: event-loop delay in the servers (worst instance) and in the bench, servers' GC. */
  loops: LoopStats | null;
}

export interface LoopStats {
  /** prom-client's event-loop delay monitor in the servers (GET /metrics, reset at each read). */
  serverLagP99Ms: number;
  serverLagMaxMs: number;
  /** GC pauses of the servers (all instances), summed, per scan. */
  serverGcMsPerScan: number;
  serverGcPauses: number;
  /** The bench process's own event loop (it receives every push and takes the timestamps). */
  benchLagP99Ms: number;
  benchLagMaxMs: number;
}

/** Where each scene's browser waits and where its scan is delivered. */
export interface Topology {
  servers: ServerProcess[];
  watchOn(k: number): ServerProcess;
  scanTo(k: number): ServerProcess;
}
export const oneServer = (server: ServerProcess): Topology => ({
  servers: [server],
  watchOn: () => server,
  scanTo: () => server,
});
export const serversCpu = (servers: ServerProcess[]) => () => servers.reduce((sum, s) => sum + s.cpuSeconds(), 0);

/**
 * Keep-alive connections for the webhook pushes. Node's server closes a connection idle for 5 s
 * (keepAliveTimeout); a push written on such a socket just as it closes fails with ECONNRESET. The
 * agent drops its idle sockets after 4 s, before the server does.
 */
export const pushAgentFor = () => new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 4000 });

export async function latencyRun(
  topology: Topology,
  agent: http.Agent,
  N: number,
  R: number,
  targets: SeededScene[],
  bound: Map<string, number>,
  onUpdate: Parameters<typeof connectWatchers>[2],
): Promise<LatencyResult> {
  log(
    `latency: ${N} waiting + ${targets.length} to be scanned at ${R}/s${topology.servers.length > 1 ? ` (${topology.servers.length} instances; each scan to the other instance than its browser's)` : ''}`,
  );
  const watchers: Watcher[] = (
    await Promise.all(
      topology.servers.map((server) =>
        connectWatchers(
          server.url,
          targets.filter((_, k) => topology.watchOn(k) === server),
          onUpdate,
          { concurrency: Math.ceil(100 / topology.servers.length), offset: 97 },
        ),
      ),
    )
  ).flat();
  await sleep(1500);
  // Safe mode (encrypted), as WeChat recommends for production accounts; built before the clock starts.
  const pushes = targets.map((s) =>
    buildScanPush({ sceneId: s.sceneId, openid: s.openid, mode: 'safe', encodingAesKey: AES_KEY }),
  );
  const ports = targets.map((_, k) => topology.scanTo(k).port);
  const sentAt = new Array<number>(targets.length);
  let webhookErrors = 0;
  const errorReasons = new Map<string, number>();
  const failed = (reason: string) => {
    webhookErrors++;
    errorReasons.set(reason, (errorReasons.get(reason) ?? 0) + 1);
  };
  const runtimeBefore = await runtimeTotals(topology.servers);
  const benchLoop = monitorEventLoopDelay({ resolution: BENCH_LOOP_RESOLUTION_MS });
  benchLoop.enable();
  const cpu = new CpuMeter(serversCpu(topology.servers));
  const benchCpu = new CpuMeter(selfCpuSeconds);
  const machineCpu = new CpuMeter(machineCpuSeconds);
  const postgresCpu = new CpuMeter(() => processesCpuSeconds(['postgres']));
  const redisCpu = new CpuMeter(() => processesCpuSeconds(['redis-server']));
  const start = performance.now();
  let i = 0;
  const inFlight: Promise<unknown>[] = [];
  while (i < targets.length) {
    const due = Math.min(targets.length, Math.floor(((performance.now() - start) / 1000) * R) + 1);
    while (i < due) {
      const k = i++;
      sentAt[k] = performance.now();
      inFlight.push(
        sendPush(agent, ports[k], pushes[k]).then(
          (r) => void (r.status !== 200 && failed(`HTTP ${r.status}`)),
          (err: Error) => failed(err.message),
        ),
      );
    }
    await sleep(1);
  }
  const sendSeconds = (performance.now() - start) / 1000;
  await Promise.all(inFlight);
  if (errorReasons.size) log(`  webhook errors: ${[...errorReasons].map(([r, c]) => `${c} × ${r}`).join('; ')}`);
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline && targets.some((s) => !bound.has(s.sceneId))) await sleep(20);
  const serverCpuPercent = cpu.percent();
  const windowSeconds = (performance.now() - start) / 1000;
  const benchCpuPercent = benchCpu.percent();
  const machineCpuPercent = machineCpu.percent();
  const postgresCpuPercent = postgresCpu.percent();
  const redisCpuPercent = redisCpu.percent();
  benchLoop.disable();
  const runtimeAfter = await runtimeTotals(topology.servers);
  const loops: LoopStats | null =
    runtimeBefore && runtimeAfter
      ? {
          // Node's monitor records the time between its timer's turns, resolution included: the delay is the rest.
          serverLagP99Ms: round(runtimeAfter.lagP99 * 1000 - EVENT_LOOP_PRECISION_MS, 1),
          serverLagMaxMs: round(runtimeAfter.lagMax * 1000 - EVENT_LOOP_PRECISION_MS, 1),
          serverGcMsPerScan: round(((runtimeAfter.gcSeconds - runtimeBefore.gcSeconds) * 1000) / targets.length, 3),
          serverGcPauses: runtimeAfter.gcCount - runtimeBefore.gcCount,
          benchLagP99Ms: round(benchLoop.percentile(99) / 1e6 - BENCH_LOOP_RESOLUTION_MS, 1),
          benchLagMaxMs: round(benchLoop.max / 1e6 - BENCH_LOOP_RESOLUTION_MS, 1),
        }
      : null;
  const samples: number[] = [];
  let lost = 0;
  targets.forEach((s, k) => {
    const at = bound.get(s.sceneId);
    if (at === undefined) lost++;
    else samples.push(at - sentAt[k]);
  });
  closeWatchers(watchers);
  await sleep(1000);
  return {
    waiting: N,
    rate: R,
    scans: targets.length,
    latency: summarize(samples),
    lost,
    webhookErrors,
    achievedRate: round(targets.length / sendSeconds),
    serverCpuMsPerScan: round((serverCpuPercent * 10 * windowSeconds) / targets.length, 3),
    serverCpuPercent: round(serverCpuPercent),
    benchCpuPercent: round(benchCpuPercent),
    machineCpuPercent: round(machineCpuPercent),
    postgresCpuPercent: round(postgresCpuPercent),
    redisCpuPercent: round(redisCpuPercent),
    loops,
  };
}

/**
 * The servers' event-loop delay since the previous read (prom-client resets its monitor at each
 * scrape; the worst instance) and their GC totals (summed), from GET /metrics; null when one does not answer.
 */
export async function runtimeTotals(
  servers: ServerProcess[],
): Promise<{ lagP99: number; lagMax: number; gcSeconds: number; gcCount: number } | null> {
  const out = { lagP99: 0, lagMax: 0, gcSeconds: 0, gcCount: 0 };
  for (const server of servers) {
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const text = await res.text();
    if (res.status !== 200) return null;
    const sum = (name: string) => {
      let total = 0;
      for (const m of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))) total += Number(m[1]);
      return total;
    };
    out.lagP99 = Math.max(out.lagP99, sum('webind_nodejs_eventloop_lag_p99_seconds'));
    out.lagMax = Math.max(out.lagMax, sum('webind_nodejs_eventloop_lag_max_seconds'));
    out.gcSeconds += sum('webind_nodejs_gc_duration_seconds_sum');
    out.gcCount += sum('webind_nodejs_gc_duration_seconds_count');
  }
  return out;
}
