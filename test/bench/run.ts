// `npm run bench`: push vs polling on this machine, against a production build of the real server
// running as its own process. Prints a table and writes test/bench/results/latest.json.
//
// Phases (one server, one pre-seeded SQLite file; then a second, cold server for the token test; then
// two instances on PostgreSQL + Redis):
//   warm-up → QR creation (warm token) → RSS/idle CPU with 0 and 10k waiting browsers →
//   scan-to-browser latency (N = 10k, 1k; R = 100, 500/s) → polling baseline (N = 1k, 10k) →
//   webhook throughput (plaintext, safe mode) → 1,000 concurrent QR creations on a cold token cache →
//   cluster: instances A (simulator on) and B (its WeChat API pointed at A's /sim) sharing a fresh
//   PostgreSQL database and Redis; 10k waiting browsers half on each; 500 scans/s, each delivered to
//   the OTHER instance than the one its browser is connected to; then webhook throughput with both
//   instances taking half the connections. Skipped with a line when PostgreSQL or Redis is unreachable.
//
// Env knobs: BENCH_SCALE=0.1 (quick smoke run), BENCH_PROFILE=1 (servers run with --cpu-prof; the
// .cpuprofile lands in test/bench/results/profiles), BENCH_IDLE_SECONDS (default 45: one Engine.IO
// ping interval, so every waiting socket is pinged once in the window), BENCH_PHASES (below).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import { SESSION_COOKIE } from '../../lib/auth/sessions';
import type { ScanUpdate } from '../../lib/realtime/events';
import { closeWatchers, connectWatchers, sourceAddress, startPollers } from './browsers';
import { buildScanPush, buildTextPush, sendPush, type PushMode } from './pushes';
import { wechatOf } from '../helpers/instances';
import { seedDatabase, type SeededScene, type SeededUser } from './seed';
import {
  CpuMeter,
  freePort,
  machineCpuSeconds,
  processesCpuSeconds,
  selfCpuSeconds,
  startServerProcess,
  type ServerProcess,
} from './server-process';
import { formatTable, markdownTable, pool, round, sleep, summarize, type Row, type Summary } from './stats';
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
  serversCpu,
  type Topology,
} from './latency';

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS = path.join(__dirname, 'results');
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const PROFILE = process.env.BENCH_PROFILE === '1';
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 45);
/** Comma-separated subset of: qr, memory, latency, polling, throughput, webot, cold, pg, cluster (default: all). For profiling one phase. */
const PHASES = new Set(
  (process.env.BENCH_PHASES ?? 'qr,memory,latency,polling,throughput,webot,cold,pg,cluster').split(','),
);
/** The phases that run on the one-instance SQLite server (it is not started when none is asked for). */
const SINGLE_PHASES = ['qr', 'memory', 'latency', 'polling', 'throughput', 'webot'];
/** The servers' GET /metrics token: the database's commit/statement/round-trip totals are read there. */

const n = (v: number) => Math.max(1, Math.round(v * SCALE));
const BIG_N = n(10_000);
const SMALL_N = n(1_000);
const RATES = [100, 500];
/** Scans per latency run: R × seconds (10 s at 100/s, 5 s at 500/s). */
const scansFor = (rate: number) => n(rate === 100 ? 1000 : 2500);
const TP_PLAIN = n(8_000);
const TP_SAFE = n(5_000);
const QR_WARM = n(1000);
const QR_COLD = n(1000);
const POLL_SCANS = n(500);
const POLL_SECONDS = 12;
/** A scan not seen by its polling page this long after the scan counts as lost. */
const POLL_DETECT_LIMIT_MS = 20_000;
/** Two instances: waiting browsers (half on each), scans at CLUSTER_RATE, binding events for throughput. */
const CLUSTER_WAITING = BIG_N;
const CLUSTER_RATE = 500;
const CLUSTER_SCANS = scansFor(CLUSTER_RATE);
const TP_CLUSTER = n(2_000);
/** One instance on PostgreSQL: binding events per mode. */
const TP_PG = n(3_000);
/** Text messages answered with a text, WeBind vs node-webot's `wechat` middleware (each). */
const TEXT_N = n(8_000);
const CLUSTER_TP_MODE: PushMode = 'safe';

interface PollResult {
  browsers: number;
  offeredReqPerSec: number;
  reqPerSec: number;
  errors: number;
  skipped: number;
  pollLatency: Summary;
  scans: number;
  detection: Summary;
  lost: number;
  webhookErrors: number;
  serverCpuPercent: number;
  benchCpuPercent: number;
}

interface ThroughputResult {
  mode: PushMode;
  events: number;
  eventsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  bindingsCreated: number;
  connections: number;
  /** One entry per instance that took webhooks (one for the single server). */
  perInstance: Array<{ connections: number; events: number; eventsPerSec: number; p50: number; p99: number }>;
  serverCpuPercent: number;
  benchCpuPercent: number;
  machineCpuPercent: number;
  postgresCpuPercent: number;
  redisCpuPercent: number;
  /** Per event, from the servers' database counters (GET /metrics). */
  db: DbPerEvent | null;
}

interface DbPerEvent {
  commits: number;
  statements: number;
  roundTrips: number;
  /** PostgreSQL: the Socket.IO adapter's NOTIFY statements (batched), apart from `roundTrips`. */
  notifyRoundTrips: number;
}

interface TextResult {
  server: string;
  messages: number;
  eventsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Answers that carried the text reply. */
  replied: number;
  serverCpuPercent: number;
  cpuMsPerEvent: number;
}

interface PgResult {
  throughput: ThroughputResult[];
}
type PgOutcome = PgResult | { skipped: string } | { failed: string };

interface ClusterResult {
  instances: number;
  adapter: string;
  database: string;
  waiting: number;
  waitingPerInstance: number[];
  connectSeconds: number;
  rssBeforeKb: number[];
  rssAfterKb: number[];
  latency: LatencyResult;
  throughput: ThroughputResult;
  /** Seconds: PostgreSQL seeding, both instances up. */
  seedSeconds: number;
  startSeconds: number;
}

type ClusterOutcome = ClusterResult | { skipped: string } | { failed: string };

async function main() {
  const started = performance.now();
  if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID')))
    throw new Error('no production build: run `npm run bench` (it builds first) or `npm run build`');
  mkdirSync(RESULTS, { recursive: true });
  const work = mkdtempSync(path.join(os.tmpdir(), 'webind-bench-'));
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
  log(
    `machine: ${machine.cores} × ${machine.cpu}, ${machine.memoryGb} GB, node ${machine.node}; scale ${SCALE}; load average ${os
      .loadavg()
      .map((v) => round(v))
      .join(' ')}`,
  );
  const loadAverageStart = os.loadavg().map((v) => round(v));
  try {
    const ceiling = await helloWorldCeiling();
    log(
      `machine ceiling: a bare node:http hello-world answers ${ceiling.reqPerSec} req/s (${ceiling.connections} conns), ${ceiling.cpuMsPerRequest} ms server CPU per request`,
    );

    const single = SINGLE_PHASES.some((p) => PHASES.has(p)) ? await singleServerPhases(work) : null;

    // ---- cold token cache
    const cold = PHASES.has('cold') ? await coldTokenRun(work) : null;
    if (cold)
      log(
        `  cold: start-up + ${cold.creations} concurrent creations → ${cold.tokenRequests} token request(s), ${cold.tokenRequestsBefore} before the creations (${cold.created} created, ${cold.errors} errors), p50 ${cold.latency.p50} ms p99 ${cold.latency.p99} ms`,
      );

    // ---- one instance on PostgreSQL
    const postgres = PHASES.has('pg') ? await postgresPhase() : null;

    // ---- two instances on PostgreSQL + Redis
    const cluster = PHASES.has('cluster') ? await clusterPhase() : null;

    const results = {
      generatedAt: new Date().toISOString(),
      machine,
      scale: SCALE,
      loadAverageStart,
      loadAverageEnd: os.loadavg().map((v) => round(v)),
      ceiling,
      loadGenerator:
        'same machine: one bench process (socket.io-client, node:http, autocannon) shares the 2 cores with the server process(es), and in the cluster phase with PostgreSQL and Redis',
      durationSeconds: 0,
      qr: { warm: single?.qrWarm ?? null, cold },
      memory: single?.memory ?? null,
      latency: single?.latency ?? [],
      polling: single?.polling ?? [],
      throughput: single?.throughput ?? [],
      webot: single?.webot ?? null,
      postgres,
      serverRssEndKb: single?.serverRssEnd ?? null,
      serverWarnings: single?.serverWarnings ?? [],
      cluster,
    };
    results.durationSeconds = round((performance.now() - started) / 1000, 1);
    const rows = tableRows(results);
    console.log(`\n${formatTable(rows)}\n`);
    writeFileSync(path.join(RESULTS, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(path.join(RESULTS, 'latest.md'), `${markdownTable(rows)}\n`);
    log(`wrote test/bench/results/latest.json in ${results.durationSeconds} s total`);
    if ((cluster && 'failed' in cluster) || (postgres && 'failed' in postgres)) process.exitCode = 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Everything that runs on one server over one pre-seeded SQLite file. */
async function singleServerPhases(work: string) {
  // ---- seed
  const dbFile = path.join(work, 'main.db');
  const seeded = await seedDatabase(
    `file:${dbFile}`,
    APP_SECRET,
    {
      withScenes: {
        warm: 200,
        idle: BIG_N,
        ...Object.fromEntries([BIG_N, SMALL_N].flatMap((N) => RATES.map((R) => [`push-${N}-${R}`, scansFor(R)]))),
        'tp-plaintext': TP_PLAIN,
        'tp-safe': TP_SAFE,
      },
      withoutScenes: { 'qr-warmup': 50, qr: QR_WARM },
    },
    QR_TTL_SECONDS,
  );
  log(
    `seeded ${Object.values(seeded.scenes).reduce((a, s) => a + s.length, 0)} scenes and ${Object.values(seeded.users).reduce((a, s) => a + s.length, 0)} more accounts in ${round(seeded.millis / 1000, 1)} s`,
  );

  const env = {
    APP_SECRET,
    DATABASE_URL: `file:${dbFile}`,
    WECHAT_SIMULATOR: 'on',
    WECHAT_ENCODING_AES_KEY: AES_KEY,
    QR_TTL_SECONDS: String(QR_TTL_SECONDS),
    METRICS_TOKEN,
  };
  const server = await startServerProcess(env, { nodeArgs: profileArgs() });
  log(`server pid ${server.pid} on ${server.url}${PROFILE ? ' (profiling)' : ''}`);
  const pushAgent = pushAgentFor();

  try {
    // ---- warm-up: JIT the routes the benchmark drives
    await warmUp(server, seeded.scenes.warm, seeded.users['qr-warmup'], pushAgent, 'safe');

    // ---- QR creation with a warm token
    let qrWarm: Awaited<ReturnType<typeof qrCreation>> | null = null;
    if (PHASES.has('qr')) {
      log(`QR creation: ${QR_WARM} sequential POST /api/scan with a warm token`);
      qrWarm = await qrCreation(server, seeded.users.qr, 1);
      log(`  p50 ${qrWarm.latency.p50} ms, p99 ${qrWarm.latency.p99} ms, errors ${qrWarm.errors}`);
    }

    // ---- memory and idle CPU
    log('memory: RSS with no browser, idle CPU');
    await sleep(2000);
    const idleCpu0 = new CpuMeter(() => server.cpuSeconds());
    await sleep(5000);
    const cpuNoBrowsers = idleCpu0.percent();
    const rssBefore = server.rssKb();
    const idle = seeded.scenes.idle;
    log(`connecting ${idle.length} waiting browsers`);
    const connectStart = performance.now();
    const connectCpu0 = server.cpuSeconds();
    const bound = new Map<string, number>();
    const onUpdate = (sceneId: string, update: ScanUpdate, at: number) => {
      if (update.status === 'bound' && !bound.has(sceneId)) bound.set(sceneId, at);
    };
    const idleWatchers = await connectWatchers(server.url, idle, onUpdate, { concurrency: 200 });
    const connectSeconds = (performance.now() - connectStart) / 1000;
    // Server CPU for one browser's connection: the HTTP upgrade, Engine.IO's handshake, the session
    // cookie check and the `watch` event.
    const connectCpuMs = ((server.cpuSeconds() - connectCpu0) * 1000) / idle.length;
    log(
      `  connected and watching in ${round(connectSeconds, 1)} s, ${round(connectCpuMs, 3)} ms server CPU each; settling`,
    );
    await sleep(5000);
    const rssAfter = server.rssKb();
    log(`  RSS ${rssBefore} KB → ${rssAfter} KB; idle CPU over ${IDLE_SECONDS} s`);
    const idleCpu = new CpuMeter(() => server.cpuSeconds());
    const benchIdle = new CpuMeter(selfCpuSeconds);
    await sleep((PHASES.has('memory') ? IDLE_SECONDS : 1) * 1000);
    const cpuWaiting = idleCpu.percent();
    const benchCpuWaiting = benchIdle.percent();
    const rssIdleEnd = server.rssKb();
    log(`  server CPU ${round(cpuWaiting)} % of a core (bench ${round(benchCpuWaiting)} %)`);
    const memory = {
      waiting: idle.length,
      rssBeforeKb: rssBefore,
      rssAfterKb: rssAfter,
      rssAfterIdleKb: rssIdleEnd,
      kbPerBrowser: round((rssAfter - rssBefore) / idle.length),
      connectSeconds: round(connectSeconds, 1),
      connectCpuMs: round(connectCpuMs, 3),
      idleCpuNoBrowsersPercent: round(cpuNoBrowsers),
      idleCpuWaitingPercent: round(cpuWaiting),
      idleSeconds: IDLE_SECONDS,
      benchCpuWaitingPercent: round(benchCpuWaiting),
    };

    // ---- scan-to-browser latency
    const latency: LatencyResult[] = [];
    for (const N of PHASES.has('latency') ? [BIG_N, SMALL_N] : []) {
      if (N < idleWatchers.length) closeWatchers(idleWatchers.splice(N));
      await sleep(1000);
      for (const R of RATES) {
        const res = await latencyRun(
          oneServer(server),
          pushAgent,
          N,
          R,
          seeded.scenes[`push-${N}-${R}`],
          bound,
          onUpdate,
        );
        latency.push(res);
        log(
          `  N=${N} R=${R}/s: p50 ${res.latency.p50} p95 ${res.latency.p95} p99 ${res.latency.p99} max ${res.latency.max} ms, lost ${res.lost}, server CPU ${round(res.serverCpuPercent)} %, machine ${round(res.machineCpuPercent)} %${res.loops ? `; event-loop delay p99/max server ${res.loops.serverLagP99Ms}/${res.loops.serverLagMaxMs} ms, bench ${res.loops.benchLagP99Ms}/${res.loops.benchLagMaxMs} ms; server GC ${res.loops.serverGcMsPerScan} ms per scan` : ''}`,
        );
      }
    }
    closeWatchers(idleWatchers);
    await sleep(2000);

    // ---- polling baseline: the idle accounts' pages poll /api/me instead of waiting on a socket
    const polling: PollResult[] = [];
    let scanCursor = 0;
    for (const N of PHASES.has('polling') ? [SMALL_N, BIG_N] : []) {
      const browsers = idle.slice(0, N);
      const targets = idle.slice(scanCursor, scanCursor + POLL_SCANS);
      scanCursor += POLL_SCANS;
      const res = await pollingRun(server, pushAgent, browsers, targets);
      polling.push(res);
      log(
        `  polling N=${N}: ${round(res.reqPerSec)} req/s (offered ${res.offeredReqPerSec}), server CPU ${round(res.serverCpuPercent)} %, detection mean ${res.detection.mean} ms p99 ${res.detection.p99} ms, lost ${res.lost}`,
      );
      await sleep(2000);
    }

    // ---- webhook throughput
    const throughput: ThroughputResult[] = [];
    const tp = async (on: ServerProcess, mode: PushMode, scenes: SeededScene[]) => {
      const res = await throughputRun([on], sqliteBindingCounter(dbFile), mode, scenes);
      throughput.push(res);
      log(
        `  ${mode}: ${round(res.eventsPerSec)} events/s, p50 ${res.p50} ms, p99 ${res.p99} ms, errors ${res.errors}, non-2xx ${res.non2xx}, bindings ${res.bindingsCreated}/${res.events}, machine CPU ${round(res.machineCpuPercent)} %`,
      );
      if (res.db)
        log(
          `    per event: ${res.db.commits} commits, ${res.db.statements} statements, ${res.db.roundTrips} round trips; ${round((res.serverCpuPercent * 10) / res.eventsPerSec, 3)} ms server CPU`,
        );
      await sleep(2000);
    };
    if (PHASES.has('throughput')) await tp(server, 'safe', seeded.scenes['tp-safe']);

    const serverRssEnd = server.rssKb();
    const serverWarnings = warningsIn(server.output());
    if (serverWarnings.length)
      log(`server warnings/errors (by message): ${serverWarnings.map((w) => `${w.count} × ${w.msg}`).join('; ')}`);

    // ---- plaintext: with an EncodingAESKey set the server refuses plaintext pushes (WeChat's safe and
    // compatible modes always send Encrypt), so plaintext runs on a second server over the same file
    // without the key, once this one has stopped.
    let webot: Awaited<ReturnType<typeof webotComparison>> = null;
    if (PHASES.has('throughput') || PHASES.has('webot')) {
      await server.stop();
      const { WECHAT_ENCODING_AES_KEY: _safeOnly, ...plainEnv } = env;
      const plain = await startServerProcess(plainEnv, { nodeArgs: profileArgs() });
      try {
        log(`plaintext server pid ${plain.pid} on ${plain.url}`);
        await warmUp(plain, seeded.scenes.warm, [], pushAgent, 'plaintext');
        if (PHASES.has('throughput')) await tp(plain, 'plaintext', seeded.scenes['tp-plaintext']);
        // ---- text messages: WeBind vs node-webot's wechat middleware, same pushes, same machine, same run
        if (PHASES.has('webot')) webot = await webotComparison(plain);
      } finally {
        await plain.stop().catch(() => {});
      }
      throughput.reverse(); // plaintext first, as in the table
    }
    return { qrWarm, memory, latency, polling, throughput, webot, serverRssEnd, serverWarnings };
  } catch (err) {
    console.error(`server output (tail):\n${server.output().slice(-4000)}`);
    throw err;
  } finally {
    await server.stop().catch(() => {});
    pushAgent.destroy();
  }
}

/** The server's pino warnings and errors (LOG_LEVEL=warn), counted by message and status/code, from the output tail it keeps. */
function warningsIn(output: string): Array<{ msg: string; count: number }> {
  const counts = new Map<string, number>();
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as {
        level?: number;
        msg?: string;
        status?: number;
        code?: string;
        err?: { message?: string };
      };
      if ((entry.level ?? 0) < 40) continue;
      const key = [entry.msg, entry.status, entry.code, entry.err?.message].filter((v) => v !== undefined).join(' ');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    } catch {
      /* not a log line */
    }
  }
  return [...counts].map(([msg, count]) => ({ msg, count }));
}

const profileArgs = () => (PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.join(RESULTS, 'profiles')}`] : []);

/**
 * Issue 9's row: two instances behind one (imaginary) load balancer, sharing a fresh PostgreSQL
 * database and Redis (Socket.IO's sharded Redis adapter). A runs the simulator; B is configured like a
 * real deployment whose WeChat API is A's /sim. Browsers wait half on A, half on B; every scan is
 * delivered to the other instance than the one its browser is connected to, so each push crosses Redis.
 */
async function clusterPhase(): Promise<ClusterOutcome> {
  // Loaded here only: the helpers pull in the PostgreSQL and Redis clients (and the test server).
  const { clusterSkip, REDIS_URL } = await import('../helpers/instances');
  const { createPgDatabase } = await import('../helpers/postgres');
  const skip = await clusterSkip();
  if (skip) {
    log(`two instances: SKIPPED (${skip}); start PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 to run it`);
    return { skipped: skip };
  }
  log(`two instances: A + B on one fresh PostgreSQL database and Redis (${REDIS_URL})`);
  const db = await createPgDatabase();
  const servers: ServerProcess[] = [];
  const agent = pushAgentFor();
  try {
    const seeded = await seedDatabase(
      db.url,
      APP_SECRET,
      {
        withScenes: { warm: 200, idle: CLUSTER_WAITING, push: CLUSTER_SCANS, tp: TP_CLUSTER },
        withoutScenes: { 'qr-warmup': 50 },
      },
      QR_TTL_SECONDS,
    );
    log(
      `  seeded ${Object.values(seeded.scenes).reduce((a, s) => a + s.length, 0)} scenes and ${Object.values(seeded.users).reduce((a, s) => a + s.length, 0)} more accounts into PostgreSQL in ${round(seeded.millis / 1000, 1)} s`,
    );

    const startAt = performance.now();
    const shared = {
      APP_SECRET,
      DATABASE_URL: db.url,
      REDIS_URL,
      WECHAT_ENCODING_AES_KEY: AES_KEY,
      QR_TTL_SECONDS: String(QR_TTL_SECONDS),
      METRICS_TOKEN,
    };
    const a = await startServerProcess({ ...shared, WECHAT_SIMULATOR: 'on' }, { nodeArgs: profileArgs() });
    servers.push(a);
    const b = await startServerProcess({ ...shared, ...wechatOf(a.url) }, { nodeArgs: profileArgs() });
    servers.push(b);
    const startSeconds = (performance.now() - startAt) / 1000;
    log(`  A pid ${a.pid} on ${a.url}, B pid ${b.pid} on ${b.url}${PROFILE ? ' (profiling)' : ''}`);

    // Each instance JITs its own routes (B's QR creations go through A's /sim for token and ticket).
    const half = <T>(list: T[], i: number) => list.filter((_, k) => k % 2 === i);
    for (const [i, s] of servers.entries())
      await warmUp(s, half(seeded.scenes.warm, i), half(seeded.users['qr-warmup'], i), agent, 'safe');

    const bound = new Map<string, number>();
    const onUpdate = (sceneId: string, update: ScanUpdate, at: number) => {
      if (update.status === 'bound' && !bound.has(sceneId)) bound.set(sceneId, at);
    };
    const rssBeforeKb = servers.map((s) => s.rssKb());
    const idle = seeded.scenes.idle;
    log(`  connecting ${idle.length} waiting browsers, half on A and half on B`);
    const connectStart = performance.now();
    const watchers = (
      await Promise.all(
        servers.map((s, i) => connectWatchers(s.url, half(idle, i), onUpdate, { concurrency: 100, offset: i * 50 })),
      )
    ).flat();
    const connectSeconds = (performance.now() - connectStart) / 1000;
    log(`  connected and watching in ${round(connectSeconds, 1)} s; settling`);
    await sleep(5000);
    const rssAfterKb = servers.map((s) => s.rssKb());

    const topology: Topology = { servers, watchOn: (k) => servers[k % 2], scanTo: (k) => servers[(k + 1) % 2] };
    const latency = await latencyRun(topology, agent, idle.length, CLUSTER_RATE, seeded.scenes.push, bound, onUpdate);
    log(
      `  2 instances N=${idle.length} R=${CLUSTER_RATE}/s across instances: p50 ${latency.latency.p50} p95 ${latency.latency.p95} p99 ${latency.latency.p99} max ${latency.latency.max} ms, lost ${latency.lost}, webhook errors ${latency.webhookErrors}, A+B CPU ${round(latency.serverCpuPercent)} %, machine ${round(latency.machineCpuPercent)} %`,
    );
    closeWatchers(watchers);
    await sleep(2000);

    const throughput = await throughputRun(servers, pgBindingCounter(db.url), CLUSTER_TP_MODE, seeded.scenes.tp);
    log(
      `  2 instances webhook ${throughput.mode}: ${round(throughput.eventsPerSec)} events/s (${throughput.perInstance.map((p) => round(p.eventsPerSec)).join(' + ')}), errors ${throughput.errors}, non-2xx ${throughput.non2xx}, bindings ${throughput.bindingsCreated}/${throughput.events}, A+B CPU ${round(throughput.serverCpuPercent)} %, machine ${round(throughput.machineCpuPercent)} %`,
    );

    return {
      instances: servers.length,
      adapter: 'redis (sharded pub/sub)',
      database: 'postgresql',
      waiting: idle.length,
      waitingPerInstance: servers.map((_, i) => half(idle, i).length),
      connectSeconds: round(connectSeconds, 1),
      rssBeforeKb,
      rssAfterKb,
      latency,
      throughput,
      seedSeconds: round(seeded.millis / 1000, 1),
      startSeconds: round(startSeconds, 1),
    };
  } catch (err) {
    for (const [i, s] of servers.entries())
      console.error(`instance ${'AB'[i]} output (tail):\n${s.output().slice(-3000)}`);
    console.error(err);
    log(`two instances: FAILED (${(err as Error).message.split('\n')[0]})`);
    return { failed: (err as Error).message.split('\n')[0] };
  } finally {
    await Promise.all(servers.map((s) => s.stop().catch(() => {})));
    agent.destroy();
    await db.drop().catch((err: unknown) => log(`  could not drop the bench database: ${(err as Error).message}`));
  }
}

/**
 * What this machine can do at all: a bare node:http server answering "ok", in its own process, driven
 * by the same autocannon setup as the webhook test. No app can beat it; it calibrates the targets.
 */
async function helloWorldCeiling() {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '-e',
      `require('http').createServer((q,s)=>{s.writeHead(200,{'content-length':2});s.end('ok')}).listen(${port},'127.0.0.1',()=>console.log('up'))`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  const cpuOf = () => {
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  };
  const connections = 32;
  const c0 = cpuOf();
  const r = await autocannon({ url: `http://127.0.0.1:${port}/`, connections, duration: 5 });
  const cpu = cpuOf() - c0;
  child.kill();
  const ok = r['2xx'] as number;
  return {
    reqPerSec: round(ok / (r.duration as number), 0),
    p50: r.latency.p50,
    p99: r.latency.p99,
    connections,
    cpuMsPerRequest: round((cpu * 1000) / ok, 3),
  };
}

async function warmUp(
  server: ServerProcess,
  scenes: SeededScene[],
  users: SeededUser[],
  agent: http.Agent,
  only?: PushMode,
) {
  log('warm-up');
  await pool(users.slice(0, 20), 4, (u) => getJson(server.port, '/api/me', u.sessionToken));
  await pool(users.slice(20), 2, (u, i) => createScan(server, u, sourceAddress(200 + i)));
  await pool(scenes, 8, (s, i) =>
    sendPush(
      agent,
      server.port,
      buildScanPush({
        sceneId: s.sceneId,
        openid: s.openid,
        mode: only ?? (i % 2 ? 'safe' : 'plaintext'),
        encodingAesKey: AES_KEY,
      }),
    ),
  );
  await sleep(500);
}

function getJson(port: number, urlPath: string, session: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath, headers: { cookie: `${SESSION_COOKIE}=${session}` } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

const qrAgents = new Map<string, http.Agent>();
function createScan(
  server: { port: number; url: string },
  user: SeededUser,
  localAddress: string,
): Promise<{ status: number; ms: number; body: string }> {
  let agent = qrAgents.get(`${server.port}/${localAddress}`);
  if (!agent) {
    agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, localAddress } as http.AgentOptions);
    qrAgents.set(`${server.port}/${localAddress}`, agent);
  }
  const body = JSON.stringify({ purpose: 'bind' });
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: '/api/scan',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          origin: server.url,
          cookie: `${SESSION_COOKIE}=${user.sessionToken}`,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** POST /api/scan for each account (bind), `concurrency` at a time, 200 accounts per source address (limit: 300 per IP per 10 min). */
async function qrCreation(
  server: { port: number; url: string },
  users: SeededUser[],
  concurrency: number,
  addressBase = 100,
) {
  const samples: number[] = [];
  let errors = 0;
  const statuses: Record<string, number> = {};
  const t0 = performance.now();
  await pool(users, concurrency, async (u, i) => {
    const r = await createScan(server, u, sourceAddress(addressBase + Math.floor(i / 200)));
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    if (r.status !== 201 || !r.body.includes('"watchToken"')) errors++;
    else samples.push(r.ms);
  });
  return {
    creations: users.length,
    concurrency,
    latency: summarize(samples),
    errors,
    statuses,
    seconds: round((performance.now() - t0) / 1000, 2),
  };
}

/** The database counters of the servers (summed), from GET /metrics; null when one does not answer. */
async function dbTotals(servers: ServerProcess[]): Promise<DbPerEvent | null> {
  const sum: DbPerEvent = { commits: 0, statements: 0, roundTrips: 0, notifyRoundTrips: 0 };
  for (const server of servers) {
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const text = await res.text();
    if (res.status !== 200) return null;
    const read = (name: string) => Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    sum.commits += read('webind_db_commits');
    sum.statements += read('webind_db_statements');
    sum.roundTrips += read('webind_db_round_trips');
    sum.notifyRoundTrips += read('webind_db_notify_round_trips');
  }
  return sum;
}

/** Text messages as fast as a server takes them (32 connections); each answer must carry the text reply. */
async function textRun(
  name: string,
  url: string,
  cpuSeconds: () => number,
  pushes: Array<{ path: string; body: string }>,
): Promise<TextResult> {
  let next = 0;
  let replied = 0;
  const cpu = new CpuMeter(cpuSeconds);
  const t0 = performance.now();
  let lastAnswer = t0;
  const r = await autocannon({
    url,
    connections: 32,
    amount: pushes.length,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: Record<string, unknown>) => {
          const p = pushes[Math.min(next++, pushes.length - 1)];
          return { ...req, method: 'POST', path: p.path, body: p.body, headers: { 'content-type': 'text/xml' } };
        },
        onResponse: (status: number, body: string) => {
          lastAnswer = performance.now();
          if (status === 200 && body.includes('<MsgType><![CDATA[text]]></MsgType>')) replied += 1;
        },
      },
    ],
  });
  // To the last answer, as throughputRun measures (autocannon resolves at its next one-second tick).
  const seconds = (lastAnswer - t0) / 1000;
  const serverCpuPercent = cpu.percent(lastAnswer);
  const ok = r['2xx'] as number;
  return {
    server: name,
    messages: pushes.length,
    eventsPerSec: round(ok / seconds),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: (r.errors as number) + (r.timeouts as number),
    non2xx: r.non2xx as number,
    replied,
    serverCpuPercent: round(serverCpuPercent),
    cpuMsPerEvent: round((serverCpuPercent * 10) / (ok / seconds), 3),
  };
}

/**
 * The same text message ("bind", which WeBind answers with a signed bind link) from TEXT_N followers
 * to WeBind and to node-webot's `wechat` middleware, one after the other on this machine. WeBind also
 * records the replay triple and the MsgId dedup row and looks the follower up; node-webot keeps nothing.
 */
async function webotComparison(server: ServerProcess): Promise<{ webind: TextResult; webot: TextResult } | null> {
  const texts = (tag: string) =>
    Array.from({ length: TEXT_N }, (_, i) =>
      buildTextPush({ openid: `o-text-${tag}-${i}`, content: 'bind', msgId: `${tag === 'w' ? 7 : 8}${1e12 + i}` }),
    );
  log(`text messages: ${TEXT_N} to WeBind, then the same to node-webot's wechat middleware (32 connections each)`);
  const webind = await textRun('WeBind', server.url, () => server.cpuSeconds(), texts('w'));
  log(
    `  WeBind: ${webind.eventsPerSec} msgs/s, p99 ${webind.p99} ms, replied ${webind.replied}/${webind.messages}, ${webind.cpuMsPerEvent} ms CPU per message`,
  );
  // node-webot answers with a text of the same length as WeBind's reply.
  const sample = await sendPush(
    pushAgentFor(),
    server.port,
    buildTextPush({ openid: 'o-text-sample', content: 'bind', msgId: '9' }),
  );
  const replyText = /<Content><!\[CDATA\[([\s\S]*?)\]\]><\/Content>/.exec(sample.body)?.[1] ?? 'ok';
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/webot-server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), WEBOT_REPLY: replyText },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`node-webot server exited with ${code}`)));
    });
    const cpuOf = () => {
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(f[11]) + Number(f[12])) / 100;
    };
    const webot = await textRun('node-webot wechat 2.1.0', `http://127.0.0.1:${port}`, cpuOf, texts('b'));
    log(
      `  node-webot: ${webot.eventsPerSec} msgs/s, p99 ${webot.p99} ms, replied ${webot.replied}/${webot.messages}, ${webot.cpuMsPerEvent} ms CPU per message; WeBind/node-webot ${round(webind.eventsPerSec / webot.eventsPerSec, 2)}`,
    );
    return { webind, webot };
  } finally {
    child.kill();
  }
}

/** One instance on a fresh PostgreSQL database (Socket.IO on its LISTEN/NOTIFY adapter): safe-mode binding events, as the two-instance phase sends. */
async function postgresPhase(): Promise<PgOutcome> {
  const { postgresReachable, createPgDatabase } = await import('../helpers/postgres');
  const unreachable = await postgresReachable();
  if (unreachable) {
    log(`one instance on PostgreSQL: SKIPPED (${unreachable})`);
    return { skipped: unreachable };
  }
  log('one instance on PostgreSQL');
  const db = await createPgDatabase();
  const agent = pushAgentFor();
  let server: ServerProcess | null = null;
  try {
    const seeded = await seedDatabase(
      db.url,
      APP_SECRET,
      { withScenes: { warm: 200, tp: TP_PG }, withoutScenes: { 'qr-warmup': 50 } },
      QR_TTL_SECONDS,
    );
    server = await startServerProcess(
      {
        APP_SECRET,
        DATABASE_URL: db.url,
        WECHAT_SIMULATOR: 'on',
        WECHAT_ENCODING_AES_KEY: AES_KEY,
        QR_TTL_SECONDS: String(QR_TTL_SECONDS),
        METRICS_TOKEN,
      },
      { nodeArgs: profileArgs() },
    );
    await warmUp(server, seeded.scenes.warm, seeded.users['qr-warmup'], agent, CLUSTER_TP_MODE);
    const throughput: ThroughputResult[] = [];
    // The two-instance phase's mode and connection count, so "two instances ≥ one" compares like with like.
    for (const mode of [CLUSTER_TP_MODE]) {
      const res = await throughputRun([server], pgBindingCounter(db.url), mode, seeded.scenes.tp);
      throughput.push(res);
      log(
        `  PostgreSQL ${mode}: ${round(res.eventsPerSec)} events/s, errors ${res.errors}, bindings ${res.bindingsCreated}/${res.events}; per event ${round((res.serverCpuPercent * 10) / res.eventsPerSec, 3)} ms app CPU, ${round((res.postgresCpuPercent * 10) / res.eventsPerSec, 3)} ms PostgreSQL CPU, ${res.db?.roundTrips} round trips, ${res.db?.commits} commits, ${res.db?.notifyRoundTrips} NOTIFY statements`,
      );
      await sleep(2000);
    }
    return { throughput };
  } catch (err) {
    if (server) console.error(`server output (tail):\n${server.output().slice(-3000)}`);
    log(`one instance on PostgreSQL: FAILED (${(err as Error).message.split('\n')[0]})`);
    return { failed: (err as Error).message.split('\n')[0] };
  } finally {
    await server?.stop().catch(() => {});
    agent.destroy();
    await db.drop().catch(() => {});
  }
}

async function pollingRun(
  server: ServerProcess,
  agent: http.Agent,
  browsers: SeededScene[],
  targets: SeededScene[],
): Promise<PollResult> {
  log(`polling baseline: ${browsers.length} browsers polling GET /api/me every 1 s; ${targets.length} scans at 100/s`);
  const detected = new Map<string, number>();
  const pollers = startPollers(server.port, browsers, (sceneId, at) => detected.set(sceneId, at));
  await sleep(3000); // every browser has started its loop
  pollers.measure(true);
  const cpu = new CpuMeter(() => server.cpuSeconds());
  const benchCpu = new CpuMeter(selfCpuSeconds);
  const t0 = performance.now();
  const pushes = targets.map((s) =>
    buildScanPush({ sceneId: s.sceneId, openid: s.openid, mode: 'safe', encodingAesKey: AES_KEY }),
  );
  const sentAt = new Array<number>(targets.length);
  let webhookErrors = 0;
  let i = 0;
  const inFlight: Promise<unknown>[] = [];
  while (i < targets.length) {
    const due = Math.min(targets.length, Math.floor(((performance.now() - t0) / 1000) * 100) + 1);
    while (i < due) {
      const k = i++;
      sentAt[k] = performance.now();
      inFlight.push(
        sendPush(agent, server.port, pushes[k]).then(
          (r) => void (r.status !== 200 && webhookErrors++),
          () => void webhookErrors++,
        ),
      );
    }
    await sleep(2);
  }
  log(`  ${targets.length} scans sent in ${round((performance.now() - t0) / 1000, 1)} s`);
  // A saturated server may hold pushes for long; the detection clock below bounds the phase anyway.
  await Promise.race([Promise.all(inFlight), sleep(POLL_DETECT_LIMIT_MS)]);
  log(
    `  webhooks answered after ${round((performance.now() - t0) / 1000, 1)} s (${webhookErrors} failed or timed out)`,
  );
  const left = POLL_SECONDS * 1000 - (performance.now() - t0);
  if (left > 0) await sleep(left);
  const seconds = (performance.now() - t0) / 1000;
  pollers.measure(false);
  const serverCpuPercent = cpu.percent();
  const benchCpuPercent = benchCpu.percent();
  // An overloaded server answers polls late: keep the pages polling until every scan is seen.
  const lastScan = sentAt[sentAt.length - 1] ?? t0;
  while (performance.now() < lastScan + POLL_DETECT_LIMIT_MS && targets.some((s) => !detected.has(s.sceneId)))
    await sleep(50);
  log(`  ${detected.size} of ${targets.length} scans seen by their pages`);
  pollers.stop();
  const samples: number[] = [];
  let lost = 0;
  targets.forEach((s, k) => {
    const at = detected.get(s.sceneId);
    if (at === undefined || at - sentAt[k] > POLL_DETECT_LIMIT_MS) lost++;
    else samples.push(at - sentAt[k]);
  });
  const { stats } = pollers;
  return {
    browsers: browsers.length,
    offeredReqPerSec: browsers.length,
    reqPerSec: round(stats.requests / seconds),
    errors: stats.errors,
    skipped: stats.skipped,
    pollLatency: summarize(stats.latencies),
    scans: targets.length,
    detection: summarize(samples),
    lost,
    webhookErrors,
    serverCpuPercent: round(serverCpuPercent),
    benchCpuPercent: round(benchCpuPercent),
  };
}

/**
 * Bindings of one run's WeChat users only. Seeded openids are fixed-width (`obench` + a zero-padded
 * serial) and one label's are consecutive, so a range covers exactly them: a push of an earlier phase
 * that the server finishes late (the polling baseline gives up on some after 15 s) is not counted.
 */
type BindingCounter = (scenes: SeededScene[]) => Promise<number>;
const openidRange = (scenes: SeededScene[]) => {
  // openids are strings: compare them as strings, not with Math.min/max.
  const sorted = scenes.map((s) => s.openid).sort();
  return [sorted[0], sorted[sorted.length - 1]];
};

function sqliteBindingCounter(dbFile: string): BindingCounter {
  return async (scenes) => {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      return (
        db
          .prepare('select count(*) as n from wechat_bindings where openid between ? and ?')
          .get(...openidRange(scenes)) as { n: number }
      ).n;
    } finally {
      db.close();
    }
  };
}

function pgBindingCounter(url: string): BindingCounter {
  return async (scenes) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return Number(
        (
          await client.query<{ n: string }>(
            'select count(*) as n from wechat_bindings where openid between $1 and $2',
            openidRange(scenes),
          )
        ).rows[0].n,
      );
    } finally {
      await client.end();
    }
  };
}

/**
 * Signed binding events as fast as the server(s) take them: 32 autocannon connections in all, split
 * evenly over the servers (events dealt round-robin), all running at once. events/s = all 2xx answers
 * over the longest run's duration.
 */
async function throughputRun(
  servers: ServerProcess[],
  countBindings: BindingCounter,
  mode: PushMode,
  scenes: SeededScene[],
): Promise<ThroughputResult> {
  const connections = 32;
  const perServer = Math.max(1, Math.floor(connections / servers.length));
  log(
    `webhook throughput (${mode}): ${scenes.length} binding events, ${servers.length > 1 ? `${servers.map(() => perServer).join(' + ')} connections over ${servers.length} instances` : `${connections} connections`}`,
  );
  const pushes = scenes.map((s) =>
    buildScanPush({ sceneId: s.sceneId, openid: s.openid, mode, encodingAesKey: AES_KEY }),
  );
  const shares = servers.map((_, i) => pushes.filter((_, k) => k % servers.length === i));
  const before = await countBindings(scenes);
  const dbBefore = await dbTotals(servers);
  const cpu = new CpuMeter(serversCpu(servers));
  const benchCpu = new CpuMeter(selfCpuSeconds);
  const machineCpu = new CpuMeter(machineCpuSeconds);
  const postgresCpu = new CpuMeter(() => processesCpuSeconds(['postgres']));
  const redisCpu = new CpuMeter(() => processesCpuSeconds(['redis-server']));
  const t0 = performance.now();
  /** When each server's last answer came. */
  const ended = servers.map(() => t0);
  const results = await Promise.all(
    servers.map((server, i) => {
      const mine = shares[i];
      let next = 0;
      return autocannon({
        url: server.url,
        connections: perServer,
        amount: mine.length,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            setupRequest: (req: Record<string, unknown>) => {
              const p = mine[Math.min(next++, mine.length - 1)];
              return { ...req, method: 'POST', path: p.path, body: p.body, headers: { 'content-type': 'text/xml' } };
            },
            onResponse: () => {
              ended[i] = performance.now();
            },
          },
        ],
      });
    }),
  );
  const lastAnswer = Math.max(...ended);
  const serverCpuPercent = cpu.percent(lastAnswer);
  const benchCpuPercent = benchCpu.percent(lastAnswer);
  const machineCpuPercent = machineCpu.percent(lastAnswer);
  const postgresCpuPercent = postgresCpu.percent(lastAnswer);
  const redisCpuPercent = redisCpu.percent(lastAnswer);
  await sleep(500);
  const dbAfter = await dbTotals(servers);
  const created = (await countBindings(scenes)) - before;
  const ok = results.reduce((a, r) => a + (r['2xx'] as number), 0);
  const perEvent = (key: keyof DbPerEvent) =>
    dbBefore && dbAfter && ok > 0 ? round((dbAfter[key] - dbBefore[key]) / ok, 2) : NaN;
  const db =
    dbBefore && dbAfter
      ? {
          commits: perEvent('commits'),
          statements: perEvent('statements'),
          roundTrips: perEvent('roundTrips'),
          notifyRoundTrips: perEvent('notifyRoundTrips'),
        }
      : null;
  // Our own clock, to the last answer: with `amount`, autocannon notices it is done (and resolves) only at
  // its next one-second sample tick, and its `duration` is whole seconds; either added up to a second to
  // a 4–8 s run, so events/s read 10–25 % low and came out quantised (8,000 / 6.03 s = 1,327).
  const seconds = (lastAnswer - t0) / 1000;
  const sum = (key: string) => results.reduce((a, r) => a + (r[key] as number), 0);
  return {
    mode,
    events: pushes.length,
    eventsPerSec: round(ok / seconds),
    p50: Math.max(...results.map((r) => r.latency.p50 as number)),
    p99: Math.max(...results.map((r) => r.latency.p99 as number)),
    errors: sum('errors') + sum('timeouts'),
    non2xx: sum('non2xx'),
    bindingsCreated: created,
    connections: perServer * servers.length,
    perInstance: results.map((r, i) => ({
      connections: perServer,
      events: shares[i].length,
      eventsPerSec: round((r['2xx'] as number) / ((ended[i] - t0) / 1000)),
      p50: r.latency.p50 as number,
      p99: r.latency.p99 as number,
    })),
    serverCpuPercent: round(serverCpuPercent),
    benchCpuPercent: round(benchCpuPercent),
    machineCpuPercent: round(machineCpuPercent),
    postgresCpuPercent: round(postgresCpuPercent),
    redisCpuPercent: round(redisCpuPercent),
    db,
  };
}

/**
 * A second server with an empty database and a cold token cache. "WeChat" is a simulator in a process
 * of its own (a WeBind instance with WECHAT_SIMULATOR=on and an empty database), as WeChat's API is
 * remote in production; the server under test has the simulator off and its WECHAT_API_BASE pointed at
 * a counting pass-through proxy in front of that process's /sim mount: every request the app makes to
 * "WeChat" is counted by path. 1,000 creations at once must cause exactly one token request.
 */
async function coldTokenRun(work: string) {
  log(`cold token cache: ${QR_COLD} concurrent QR creations on a fresh server (simulated WeChat in its own process)`);
  const dbFile = path.join(work, 'cold.db');
  const seeded = await seedDatabase(
    `file:${dbFile}`,
    APP_SECRET,
    { withScenes: {}, withoutScenes: { cold: QR_COLD } },
    QR_TTL_SECONDS,
  );
  const wechat = await startServerProcess({
    APP_SECRET,
    DATABASE_URL: `file:${path.join(work, 'wechat.db')}`,
    WECHAT_SIMULATOR: 'on',
  });
  const calls: Record<string, number> = {};
  const proxy = http.createServer((req, res) => {
    const p = (req.url ?? '/').split('?')[0];
    calls[p] = (calls[p] ?? 0) + 1;
    const up = http.request(
      { host: '127.0.0.1', port: wechat.port, method: req.method, path: req.url, headers: req.headers },
      (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      },
    );
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  const proxyPort = (proxy.address() as { port: number }).port;
  let server: ServerProcess | null = null;
  const tokenCalls = () =>
    Object.entries(calls)
      .filter(([p]) => /\/cgi-bin\/(stable_)?token$/.test(p))
      .reduce((a, [, c]) => a + c, 0);
  try {
    server = await startServerProcess({
      APP_SECRET,
      DATABASE_URL: `file:${dbFile}`,
      ...wechatOf(`http://127.0.0.1:${proxyPort}`),
      QR_TTL_SECONDS: String(QR_TTL_SECONDS),
    });
    const before = tokenCalls();
    const res = await qrCreation(server, seeded.users.cold, seeded.users.cold.length, 150);
    return {
      creations: res.creations,
      created: res.creations - res.errors,
      errors: res.errors,
      statuses: res.statuses,
      // The server reads its QR quota at start-up (lib/scene/qr-budget.ts), which fetches the token before
      // the burst can: the count runs from start-up, so it says that start-up and 1,000 creations together
      // fetched one token.
      tokenRequestsBefore: before,
      tokenRequests: tokenCalls(),
      apiCalls: { ...calls },
      latency: res.latency,
      seconds: res.seconds,
    };
  } finally {
    await server?.stop();
    await wechat.stop();
    proxy.close();
  }
}

type Results = {
  machine: { cores: number; cpu: string };
  loadAverageStart: number[];
  ceiling: Awaited<ReturnType<typeof helloWorldCeiling>>;
  qr: { warm: Awaited<ReturnType<typeof qrCreation>> | null; cold: Awaited<ReturnType<typeof coldTokenRun>> | null };
  memory: {
    waiting: number;
    rssBeforeKb: number;
    rssAfterKb: number;
    kbPerBrowser: number;
    connectSeconds: number;
    /** Server CPU per browser while they connected and watched. */
    connectCpuMs: number;
    idleCpuWaitingPercent: number;
    idleCpuNoBrowsersPercent: number;
  } | null;
  latency: LatencyResult[];
  polling: PollResult[];
  throughput: ThroughputResult[];
  webot: { webind: TextResult; webot: TextResult } | null;
  postgres: PgOutcome | null;
  cluster: ClusterOutcome | null;
};

/** Rows for one dialect's webhook throughput runs (issue 20's targets per dialect). */
function throughputRows(list: ThroughputResult[], dialect: 'SQLite' | 'PostgreSQL'): Row[] {
  const rows: Row[] = [];
  for (const t of list) {
    const target = dialect === 'SQLite' ? (t.mode === 'plaintext' ? 5000 : 3500) : 2000;
    const cpuPerEvent = round((t.serverCpuPercent * 10) / t.eventsPerSec, 3);
    rows.push({
      section: `webhook ${t.mode} (${dialect})`,
      metric: `events/s (${t.connections} conns)`,
      value: `${round(t.eventsPerSec, 0)}`,
      target: `≥ ${target}`,
      ok: t.eventsPerSec >= target,
    });
    rows.push({ section: '', metric: 'p50 / p99', value: `${t.p50} / ${t.p99} ms` });
    rows.push({
      section: '',
      metric: 'errors / non-2xx / bound',
      value: `${t.errors} / ${t.non2xx} / ${t.bindingsCreated} of ${t.events}`,
      target: '0 errors',
      ok: t.errors === 0 && t.non2xx === 0 && t.bindingsCreated === t.events,
    });
    rows.push({
      section: '',
      metric: 'server CPU (bench CPU; machine); CPU per event',
      value: `${t.serverCpuPercent} % (${t.benchCpuPercent} %; ${t.machineCpuPercent} %); ${cpuPerEvent} ms`,
      target: dialect === 'PostgreSQL' ? '≤ 1 ms' : undefined,
      ok: dialect === 'PostgreSQL' ? cpuPerEvent <= 1 : undefined,
    });
    if (dialect === 'PostgreSQL')
      rows.push({
        section: '',
        metric: 'PostgreSQL CPU per event',
        value: `${round((t.postgresCpuPercent * 10) / t.eventsPerSec, 3)} ms`,
      });
    if (t.db)
      rows.push({
        section: '',
        metric: 'per event: commits / statements / round trips',
        value: `${t.db.commits} / ${t.db.statements} / ${t.db.roundTrips}`,
        target: dialect === 'PostgreSQL' ? '≤ 2 round trips' : undefined,
        ok: dialect === 'PostgreSQL' ? t.db.roundTrips <= 2 : undefined,
      });
  }
  return rows;
}

function tableRows(r: Results): Row[] {
  const rows: Row[] = [];
  rows.push({
    section: 'machine',
    metric: 'cores / load average at start',
    value: `${r.machine.cores} × ${r.machine.cpu} / ${r.loadAverageStart.join(' ')}`,
  });
  rows.push({
    section: '',
    metric: 'hello-world node:http ceiling',
    value: `${r.ceiling.reqPerSec} req/s (${r.ceiling.connections} conns), ${r.ceiling.cpuMsPerRequest} ms CPU/req`,
  });
  const big = Math.max(...r.latency.map((l) => l.waiting));
  for (const l of r.latency) {
    const isTarget = l.waiting === big && l.rate === 500 && SCALE === 1;
    rows.push({
      section: `push N=${l.waiting} R=${l.rate}/s`,
      metric: 'scan→browser p50/p95/p99/max',
      value: `${l.latency.p50} / ${l.latency.p95} / ${l.latency.p99} / ${l.latency.max} ms`,
      target: isTarget ? 'p99 ≤ 15 ms' : undefined,
      ok: isTarget ? l.latency.p99 <= 15 : undefined,
    });
    rows.push({
      section: '',
      metric: 'lost / webhook errors',
      value: `${l.lost} of ${l.scans} / ${l.webhookErrors}`,
      target: '0',
      ok: l.lost === 0 && l.webhookErrors === 0,
    });
    rows.push({
      section: '',
      metric: 'server CPU (bench CPU; machine); per scan',
      value: `${l.serverCpuPercent} % (${l.benchCpuPercent} %; ${l.machineCpuPercent} %); ${l.serverCpuMsPerScan} ms`,
    });
    if (l.loops)
      rows.push({
        section: '',
        metric: 'event-loop delay p99 / max: server; bench. Server GC',
        value: `${l.loops.serverLagP99Ms} / ${l.loops.serverLagMaxMs} ms; ${l.loops.benchLagP99Ms} / ${l.loops.benchLagMaxMs} ms. ${l.loops.serverGcMsPerScan} ms per scan (${l.loops.serverGcPauses} pauses)`,
      });
  }
  rows.push(...throughputRows(r.throughput, 'SQLite'));
  const p = r.postgres;
  if (p && 'skipped' in p) rows.push({ section: 'webhook (PostgreSQL)', metric: 'skipped', value: p.skipped });
  else if (p && 'failed' in p)
    rows.push({ section: 'webhook (PostgreSQL)', metric: 'failed', value: p.failed, ok: false });
  else if (p) rows.push(...throughputRows(p.throughput, 'PostgreSQL'));
  if (r.webot) {
    const { webind, webot } = r.webot;
    for (const x of [webind, webot])
      rows.push({
        section: x === webind ? 'text message → text reply' : '',
        metric: `${x.server}: msgs/s; p99; CPU per msg`,
        value: `${round(x.eventsPerSec, 0)}; ${x.p99} ms; ${x.cpuMsPerEvent} ms (replied ${x.replied}/${x.messages}, ${x.errors} errors)`,
      });
    rows.push({
      section: '',
      metric: 'WeBind / node-webot (throughput; CPU per msg)',
      value: `× ${round(webind.eventsPerSec / webot.eventsPerSec, 2)}; × ${round(webind.cpuMsPerEvent / webot.cpuMsPerEvent, 2)}`,
    });
  }
  const m = r.memory;
  if (m) {
    rows.push({
      section: `memory ${m.waiting} waiting`,
      metric: 'RSS before → after',
      value: `${round(m.rssBeforeKb / 1024, 1)} → ${round(m.rssAfterKb / 1024, 1)} MB`,
    });
    rows.push({
      section: '',
      metric: 'RSS per waiting browser',
      value: `${m.kbPerBrowser} KB`,
      target: '≤ 25 KB',
      ok: m.kbPerBrowser <= 25,
    });
    rows.push({
      section: '',
      metric: 'connecting: server CPU per browser',
      value: `${m.connectCpuMs} ms (${m.waiting} in ${m.connectSeconds} s)`,
    });
    rows.push({
      section: '',
      metric: 'idle CPU, 0 → N waiting',
      value: `${m.idleCpuNoBrowsersPercent} → ${m.idleCpuWaitingPercent} % of a core`,
      target: '≤ 3 %',
      ok: m.idleCpuWaitingPercent <= 3,
    });
  }
  for (const p of r.polling) {
    const push = r.latency.find((l) => l.waiting === p.browsers && l.rate === 100);
    rows.push({
      section: `polling N=${p.browsers}`,
      metric: 'requests/s (offered)',
      value: `${round(p.reqPerSec, 0)} (${p.offeredReqPerSec}) vs push 0 + webhooks`,
    });
    rows.push({
      section: '',
      metric: 'poll answer p50 / p99',
      value: `${p.pollLatency.p50} / ${p.pollLatency.p99} ms; ${p.errors} errors, ${p.skipped} skipped`,
    });
    rows.push({
      section: '',
      metric: 'detection mean / p99 vs push',
      // With every scan lost (10,000 pollers overload the server) there is no detection time to show.
      value:
        p.detection.count === 0
          ? `none of the scans seen by a poll vs ${push?.latency.mean ?? '?'} / ${push?.latency.p99 ?? '?'} ms; lost ${p.lost}`
          : `${p.detection.mean} / ${p.detection.p99} ms vs ${push?.latency.mean ?? '?'} / ${push?.latency.p99 ?? '?'} ms (×${push ? round(p.detection.mean / push.latency.mean, 0) : '?'}); lost ${p.lost}`,
    });
    rows.push({
      section: '',
      metric: 'server CPU vs push (R=100)',
      value: `${p.serverCpuPercent} % vs ${push?.serverCpuPercent ?? '?'} % (×${push ? round(p.serverCpuPercent / push.serverCpuPercent, 1) : '?'}); bench ${p.benchCpuPercent} %`,
    });
  }
  const w = r.qr.warm;
  if (w)
    rows.push({
      section: 'QR creation (warm)',
      metric: `p50 / p99 (${w.creations} sequential)`,
      value: `${w.latency.p50} / ${w.latency.p99} ms; ${w.errors} errors`,
      target: 'p99 ≤ 20 ms',
      ok: w.latency.p99 <= 20 && w.errors === 0,
    });
  const c = r.qr.cold;
  if (c)
    rows.push({
      section: 'QR creation (cold)',
      metric: `start-up + ${c.creations} at once → token requests`,
      value: `${c.tokenRequests} (${c.created} created, ${c.errors} errors; p99 ${c.latency.p99} ms)`,
      target: 'exactly 1',
      ok: c.tokenRequests === 1,
    });
  const k = r.cluster;
  if (k && 'skipped' in k) rows.push({ section: '2 instances (PG + Redis)', metric: 'skipped', value: k.skipped });
  else if (k && 'failed' in k)
    rows.push({ section: '2 instances (PG + Redis)', metric: 'failed', value: k.failed, ok: false });
  else if (k) {
    const l = k.latency;
    const mb = (kb: number) => round(kb / 1024, 0);
    rows.push({
      section: `2 instances N=${k.waiting} R=${l.rate}/s`,
      metric: 'scan→browser across instances p50/p95/p99/max',
      value: `${l.latency.p50} / ${l.latency.p95} / ${l.latency.p99} / ${l.latency.max} ms`,
      target: 'p99 ≤ 50 ms',
      ok: l.latency.p99 <= 50,
    });
    rows.push({
      section: '',
      metric: 'lost / webhook errors',
      value: `${l.lost} of ${l.scans} / ${l.webhookErrors}`,
      target: '0',
      ok: l.lost === 0 && l.webhookErrors === 0,
    });
    rows.push({
      section: '',
      metric: 'CPU: A+B / PostgreSQL / Redis / bench / machine',
      value: `${l.serverCpuPercent} / ${l.postgresCpuPercent} / ${l.redisCpuPercent} / ${l.benchCpuPercent} / ${l.machineCpuPercent} %; sent at ${l.achievedRate}/s`,
    });
    rows.push({
      section: '',
      metric: 'waiting on A / B; RSS A, B',
      value: `${k.waitingPerInstance.join(' / ')}; ${mb(k.rssBeforeKb[0])} → ${mb(k.rssAfterKb[0])}, ${mb(k.rssBeforeKb[1])} → ${mb(k.rssAfterKb[1])} MB`,
    });
    const t = k.throughput;
    rows.push({
      section: `2 instances webhook ${t.mode}`,
      metric: `events/s (${t.perInstance.map((p) => p.connections).join(' + ')} conns)`,
      value: `${round(t.eventsPerSec, 0)} (A ${round(t.perInstance[0].eventsPerSec, 0)} + B ${round(t.perInstance[1]?.eventsPerSec ?? 0, 0)})`,
    });
    rows.push({
      section: '',
      metric: 'p50 / p99 on A; on B',
      value: t.perInstance.map((p) => `${p.p50} / ${p.p99} ms`).join('; '),
    });
    rows.push({
      section: '',
      metric: 'errors / non-2xx / bound',
      value: `${t.errors} / ${t.non2xx} / ${t.bindingsCreated} of ${t.events}`,
      target: '0 errors',
      ok: t.errors === 0 && t.non2xx === 0 && t.bindingsCreated === t.events,
    });
    rows.push({
      section: '',
      metric: 'CPU: A+B / PostgreSQL / Redis / bench / machine',
      value: `${t.serverCpuPercent} / ${t.postgresCpuPercent} / ${t.redisCpuPercent} / ${t.benchCpuPercent} / ${t.machineCpuPercent} %`,
    });
    rows.push({
      section: '',
      metric: 'CPU per event: A+B / PostgreSQL',
      value: `${round((t.serverCpuPercent * 10) / t.eventsPerSec, 2)} / ${round((t.postgresCpuPercent * 10) / t.eventsPerSec, 2)} ms`,
    });
    if (t.db)
      rows.push({
        section: '',
        metric: 'per event: commits / statements / round trips',
        value: `${t.db.commits} / ${t.db.statements} / ${t.db.roundTrips}`,
      });
    const one = r.postgres && 'throughput' in r.postgres ? r.postgres.throughput[0] : undefined;
    if (one)
      rows.push({
        section: '',
        metric: 'two instances / one instance (events/s)',
        value: `× ${round(t.eventsPerSec / one.eventsPerSec, 2)} (${round(t.eventsPerSec, 0)} vs ${round(one.eventsPerSec, 0)})`,
        target: '≥ 1',
        ok: t.eventsPerSec >= one.eventsPerSec,
      });
  }
  return rows;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
