// Before/after for the push path (issue 20): the same latency run as `npm run bench` (10,000 waiting
// browsers, 2,500 safe-mode scans at 500/s) against two checkouts, alternating A, B, A, B… on fresh
// databases, so that both see the same machine load. On a shared machine absolute latencies follow
// the load; CPU per scan and the servers' GC and event-loop figures are what compare.
//
//   npx tsx test/bench/push-ab.ts <before-checkout> [after-checkout, default this one]
//
// A checkout is a directory with node_modules and a production build (`npm run build`). Env:
// PUSH_AB_ROUNDS (default 3), PUSH_AB_WAITING (10000), PUSH_AB_RATE (500), PUSH_AB_SCANS (2500),
// PUSH_AB_IDLE_SECONDS (45: idle CPU with the browsers waiting, from 5 s after they connected; one
// Engine.IO ping interval, so each browser's first ping falls in the window, as in `npm run bench`).
// Prints one JSON line per run and a summary (medians per checkout).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ScanUpdate } from '../../lib/realtime/events';
import { closeWatchers, connectWatchers } from './browsers';
import {
  AES_KEY,
  APP_SECRET,
  type LatencyResult,
  latencyRun,
  log,
  METRICS_TOKEN,
  oneServer,
  pushAgentFor,
  QR_TTL_SECONDS,
} from './latency';
import { buildScanPush, sendPush } from './pushes';
import { seedDatabase } from './seed';
import { CpuMeter, startServerProcess } from './server-process';
import { round, sleep } from './stats';

const ROUNDS = Number(process.env.PUSH_AB_ROUNDS ?? 3);
const WAITING = Number(process.env.PUSH_AB_WAITING ?? 10_000);
const RATE = Number(process.env.PUSH_AB_RATE ?? 500);
const SCANS = Number(process.env.PUSH_AB_SCANS ?? 2500);
const IDLE_SECONDS = Number(process.env.PUSH_AB_IDLE_SECONDS ?? 45);

interface Run {
  checkout: string;
  idleCpuPercent: number;
  kbPerBrowser: number;
  result: LatencyResult;
}

async function once(root: string): Promise<Run> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'webind-push-ab-'));
  const dbFile = path.join(work, 'main.db');
  const seeded = await seedDatabase(
    `file:${dbFile}`,
    APP_SECRET,
    { withScenes: { warm: 100, idle: WAITING, push: SCANS }, withoutScenes: {} },
    QR_TTL_SECONDS,
  );
  const server = await startServerProcess(
    {
      APP_SECRET,
      DATABASE_URL: `file:${dbFile}`,
      WECHAT_SIMULATOR: 'on',
      WECHAT_ENCODING_AES_KEY: AES_KEY,
      QR_TTL_SECONDS: String(QR_TTL_SECONDS),
      METRICS_TOKEN,
    },
    { root },
  );
  const agent = pushAgentFor();
  try {
    for (const s of seeded.scenes.warm)
      await sendPush(
        agent,
        server.port,
        buildScanPush({ sceneId: s.sceneId, openid: s.openid, mode: 'safe', encodingAesKey: AES_KEY }),
      );
    const bound = new Map<string, number>();
    const onUpdate = (sceneId: string, update: ScanUpdate, at: number) => {
      if (update.status === 'bound' && !bound.has(sceneId)) bound.set(sceneId, at);
    };
    await sleep(2000);
    const rssBefore = server.rssKb();
    const idle = await connectWatchers(server.url, seeded.scenes.idle, onUpdate, { concurrency: 200 });
    await sleep(5000);
    const kbPerBrowser = round((server.rssKb() - rssBefore) / WAITING);
    const idleCpu = new CpuMeter(() => server.cpuSeconds());
    await sleep(IDLE_SECONDS * 1000);
    const idleCpuPercent = round(idleCpu.percent());
    const result = await latencyRun(oneServer(server), agent, WAITING, RATE, seeded.scenes.push, bound, onUpdate);
    closeWatchers(idle);
    return { checkout: root, idleCpuPercent, kbPerBrowser, result };
  } finally {
    agent.destroy();
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

async function main() {
  const before = process.argv[2];
  if (!before) throw new Error('usage: npx tsx test/bench/push-ab.ts <before-checkout> [after-checkout]');
  const checkouts = [path.resolve(before), path.resolve(process.argv[3] ?? path.join(__dirname, '..', '..'))];
  log(`${ROUNDS} rounds of ${checkouts.join(' vs ')}: ${WAITING} waiting, ${SCANS} scans at ${RATE}/s`);
  const runs: Run[] = [];
  for (let r = 0; r < ROUNDS; r++)
    for (const root of checkouts) {
      const run = await once(root);
      runs.push(run);
      const { result: l } = run;
      console.log(
        JSON.stringify({
          checkout: root,
          p50: l.latency.p50,
          p99: l.latency.p99,
          max: l.latency.max,
          lost: l.lost,
          webhookErrors: l.webhookErrors,
          cpuMsPerScan: l.serverCpuMsPerScan,
          machineCpuPercent: l.machineCpuPercent,
          loops: l.loops,
          idleCpuPercent: run.idleCpuPercent,
          kbPerBrowser: run.kbPerBrowser,
          loadAverage: round(os.loadavg()[0], 1),
        }),
      );
    }
  for (const root of checkouts) {
    const mine = runs.filter((r) => r.checkout === root);
    const m = (f: (r: Run) => number | undefined) => median(mine.map((r) => f(r) ?? NaN));
    log(
      `${root}: median of ${mine.length} — p50 ${m((r) => r.result.latency.p50)} p99 ${m((r) => r.result.latency.p99)} ms; CPU ${m((r) => r.result.serverCpuMsPerScan)} ms per scan; server GC ${m((r) => r.result.loops?.serverGcMsPerScan)} ms per scan; server event-loop delay p99 ${m((r) => r.result.loops?.serverLagP99Ms)} ms; idle CPU ${m((r) => r.idleCpuPercent)} %; ${m((r) => r.kbPerBrowser)} KB per browser`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
