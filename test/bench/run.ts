// `npm run bench`: push vs polling on this machine, against a production build of the real server
// running as its own process. Prints a table and writes test/bench/results/latest.json.
//
// Phases (one server, one pre-seeded SQLite file; then a second, cold server for the token test):
//   warm-up → QR creation (warm token) → RSS/idle CPU with 0 and 10k waiting browsers →
//   scan-to-browser latency (N = 10k, 1k; R = 100, 500/s) → polling baseline (N = 1k, 10k) →
//   webhook throughput (plaintext, safe mode) → 1,000 concurrent QR creations on a cold token cache.
//
// Env knobs: BENCH_SCALE=0.1 (quick smoke run), BENCH_PROFILE=1 (server runs with --cpu-prof; the
// .cpuprofile lands in test/bench/results/profiles), BENCH_IDLE_SECONDS (default 30: more than one
// Socket.IO ping interval of 25 s).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { SESSION_COOKIE } from '../../lib/auth/sessions';
import type { ScanUpdate } from '../../lib/realtime/events';
import { closeWatchers, connectWatchers, sourceAddress, startPollers, type Watcher } from './browsers';
import { buildScanPush, sendPush, type PushMode } from './pushes';
import { seedDatabase, type SeededScene, type SeededUser } from './seed';
import { CpuMeter, freePort, selfCpuSeconds, startServerProcess, type ServerProcess } from './server-process';
import { formatTable, markdownTable, pool, round, sleep, summarize, type Row, type Summary } from './stats';

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS = path.join(__dirname, 'results');
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const PROFILE = process.env.BENCH_PROFILE === '1';
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
/** Comma-separated subset of: qr, memory, latency, polling, throughput, cold (default: all). For profiling one phase. */
const PHASES = new Set((process.env.BENCH_PHASES ?? 'qr,memory,latency,polling,throughput,cold').split(','));
const APP_SECRET = 'bench-app-secret-0123456789abcdef0123456789';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const QR_TTL_SECONDS = 3600;

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

const log = (msg: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);

interface LatencyResult {
  waiting: number;
  rate: number;
  scans: number;
  latency: Summary;
  lost: number;
  webhookErrors: number;
  achievedRate: number;
  serverCpuPercent: number;
  benchCpuPercent: number;
}

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
  serverCpuPercent: number;
  benchCpuPercent: number;
}

async function main() {
  const started = performance.now();
  if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) throw new Error('no production build: run `npm run bench` (it builds first) or `npm run build`');
  mkdirSync(RESULTS, { recursive: true });
  const work = mkdtempSync(path.join(os.tmpdir(), 'webind-bench-'));
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
  log(`machine: ${machine.cores} × ${machine.cpu}, ${machine.memoryGb} GB, node ${machine.node}; scale ${SCALE}; load average ${os.loadavg().map((v) => round(v)).join(' ')}`);
  const loadAverageStart = os.loadavg().map((v) => round(v));
  const ceiling = await helloWorldCeiling();
  log(`machine ceiling: a bare node:http hello-world answers ${ceiling.reqPerSec} req/s (${ceiling.connections} conns), ${ceiling.cpuMsPerRequest} ms server CPU per request`);

  // ---- seed
  const dbFile = path.join(work, 'main.db');
  const seeded = await seedDatabase(
    dbFile,
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
  log(`seeded ${Object.values(seeded.scenes).reduce((a, s) => a + s.length, 0)} scenes and ${Object.values(seeded.users).reduce((a, s) => a + s.length, 0)} more accounts in ${round(seeded.millis / 1000, 1)} s`);

  const env = {
    APP_SECRET,
    DATABASE_URL: `file:${dbFile}`,
    WECHAT_SIMULATOR: 'on',
    WECHAT_ENCODING_AES_KEY: AES_KEY,
    QR_TTL_SECONDS: String(QR_TTL_SECONDS),
  };
  const profileDir = path.join(RESULTS, 'profiles');
  const nodeArgs = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const server = await startServerProcess(env, { nodeArgs });
  log(`server pid ${server.pid} on ${server.url}${PROFILE ? ' (profiling)' : ''}`);
  const pushAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  try {
    // ---- warm-up: JIT the routes the benchmark drives
    await warmUp(server, seeded.scenes.warm, seeded.users['qr-warmup'], pushAgent);

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
    const bound = new Map<string, number>();
    const onUpdate = (sceneId: string, update: ScanUpdate, at: number) => {
      if (update.status === 'bound' && !bound.has(sceneId)) bound.set(sceneId, at);
    };
    const idleWatchers = await connectWatchers(server.url, idle, onUpdate, { concurrency: 200 });
    const connectSeconds = (performance.now() - connectStart) / 1000;
    log(`  connected and watching in ${round(connectSeconds, 1)} s; settling`);
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
        const res = await latencyRun(server, pushAgent, N, R, seeded.scenes[`push-${N}-${R}`], bound, onUpdate);
        latency.push(res);
        log(`  N=${N} R=${R}/s: p50 ${res.latency.p50} p95 ${res.latency.p95} p99 ${res.latency.p99} max ${res.latency.max} ms, lost ${res.lost}, server CPU ${round(res.serverCpuPercent)} %`);
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
      log(`  polling N=${N}: ${round(res.reqPerSec)} req/s (offered ${res.offeredReqPerSec}), server CPU ${round(res.serverCpuPercent)} %, detection mean ${res.detection.mean} ms p99 ${res.detection.p99} ms, lost ${res.lost}`);
      await sleep(2000);
    }

    // ---- webhook throughput
    const throughput: ThroughputResult[] = [];
    for (const [mode, scenes] of PHASES.has('throughput')
      ? ([
          ['plaintext', seeded.scenes['tp-plaintext']],
          ['safe', seeded.scenes['tp-safe']],
        ] as const)
      : []) {
      const res = await throughputRun(server, dbFile, mode, scenes);
      throughput.push(res);
      log(`  ${mode}: ${round(res.eventsPerSec)} events/s, p50 ${res.p50} ms, p99 ${res.p99} ms, errors ${res.errors}, non-2xx ${res.non2xx}, bindings ${res.bindingsCreated}/${res.events}`);
      await sleep(2000);
    }

    const serverRssEnd = server.rssKb();
    await server.stop();
    pushAgent.destroy();

    // ---- cold token cache
    const cold = PHASES.has('cold') ? await coldTokenRun(work) : null;
    if (cold) log(`  cold: ${cold.creations} concurrent creations → ${cold.tokenRequests} token request(s) (${cold.created} created, ${cold.errors} errors), p50 ${cold.latency.p50} ms p99 ${cold.latency.p99} ms`);

    const results = {
      generatedAt: new Date().toISOString(),
      machine,
      scale: SCALE,
      loadAverageStart,
      loadAverageEnd: os.loadavg().map((v) => round(v)),
      ceiling,
      loadGenerator: 'same machine: one bench process (socket.io-client, node:http, autocannon) shares the 2 cores with the server process',
      durationSeconds: 0,
      qr: { warm: qrWarm, cold },
      memory,
      latency,
      polling,
      throughput,
      serverRssEndKb: serverRssEnd,
    };
    results.durationSeconds = round((performance.now() - started) / 1000, 1);
    const rows = tableRows(results);
    console.log('\n' + formatTable(rows) + '\n');
    writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
    writeFileSync(path.join(RESULTS, 'latest.md'), markdownTable(rows) + '\n');
    log(`wrote test/bench/results/latest.json in ${results.durationSeconds} s total`);
  } catch (err) {
    console.error(`server output (tail):\n${server.output().slice(-4000)}`);
    throw err;
  } finally {
    await server.stop().catch(() => {});
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * What this machine can do at all: a bare node:http server answering "ok", in its own process, driven
 * by the same autocannon setup as the webhook test. No app can beat it; it calibrates the targets.
 */
async function helloWorldCeiling() {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', `require('http').createServer((q,s)=>{s.writeHead(200,{'content-length':2});s.end('ok')}).listen(${port},'127.0.0.1',()=>console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
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
  return { reqPerSec: round(ok / (r.duration as number), 0), p50: r.latency.p50, p99: r.latency.p99, connections, cpuMsPerRequest: round((cpu * 1000) / ok, 3) };
}

async function warmUp(server: ServerProcess, scenes: SeededScene[], users: SeededUser[], agent: http.Agent) {
  log('warm-up');
  await pool(users.slice(0, 20), 4, (u) => getJson(server.port, '/api/me', u.sessionToken));
  await pool(users.slice(20), 2, (u, i) => createScan(server, u, sourceAddress(200 + i)));
  await pool(scenes, 8, (s, i) => sendPush(agent, server.port, buildScanPush({ sceneId: s.sceneId, openid: s.openid, mode: i % 2 ? 'safe' : 'plaintext', encodingAesKey: AES_KEY })));
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
function createScan(server: { port: number; url: string }, user: SeededUser, localAddress: string): Promise<{ status: number; ms: number; body: string }> {
  let agent = qrAgents.get(`${server.port}/${localAddress}`);
  if (!agent) qrAgents.set(`${server.port}/${localAddress}`, (agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, localAddress } as http.AgentOptions)));
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
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), origin: server.url, cookie: `${SESSION_COOKIE}=${user.sessionToken}` },
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
async function qrCreation(server: { port: number; url: string }, users: SeededUser[], concurrency: number, addressBase = 100) {
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
  return { creations: users.length, concurrency, latency: summarize(samples), errors, statuses, seconds: round((performance.now() - t0) / 1000, 2) };
}

async function latencyRun(server: ServerProcess, agent: http.Agent, N: number, R: number, targets: SeededScene[], bound: Map<string, number>, onUpdate: Parameters<typeof connectWatchers>[2]): Promise<LatencyResult> {
  log(`latency: ${N} waiting + ${targets.length} to be scanned at ${R}/s`);
  const watchers: Watcher[] = await connectWatchers(server.url, targets, onUpdate, { concurrency: 100, offset: 97 });
  await sleep(1500);
  // Safe mode (encrypted), as WeChat recommends for production accounts; built before the clock starts.
  const pushes = targets.map((s) => buildScanPush({ sceneId: s.sceneId, openid: s.openid, mode: 'safe', encodingAesKey: AES_KEY }));
  const sentAt = new Array<number>(targets.length);
  let webhookErrors = 0;
  const cpu = new CpuMeter(() => server.cpuSeconds());
  const benchCpu = new CpuMeter(selfCpuSeconds);
  const start = performance.now();
  let i = 0;
  const inFlight: Promise<unknown>[] = [];
  while (i < targets.length) {
    const due = Math.min(targets.length, Math.floor(((performance.now() - start) / 1000) * R) + 1);
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
    await sleep(1);
  }
  const sendSeconds = (performance.now() - start) / 1000;
  await Promise.all(inFlight);
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline && targets.some((s) => !bound.has(s.sceneId))) await sleep(20);
  const serverCpuPercent = cpu.percent();
  const benchCpuPercent = benchCpu.percent();
  const samples: number[] = [];
  let lost = 0;
  targets.forEach((s, k) => {
    const at = bound.get(s.sceneId);
    if (at === undefined) lost++;
    else samples.push(at - sentAt[k]);
  });
  closeWatchers(watchers);
  await sleep(1000);
  return { waiting: N, rate: R, scans: targets.length, latency: summarize(samples), lost, webhookErrors, achievedRate: round(targets.length / sendSeconds), serverCpuPercent: round(serverCpuPercent), benchCpuPercent: round(benchCpuPercent) };
}

async function pollingRun(server: ServerProcess, agent: http.Agent, browsers: SeededScene[], targets: SeededScene[]): Promise<PollResult> {
  log(`polling baseline: ${browsers.length} browsers polling GET /api/me every 1 s; ${targets.length} scans at 100/s`);
  const detected = new Map<string, number>();
  const pollers = startPollers(server.port, browsers, (sceneId, at) => detected.set(sceneId, at));
  await sleep(3000); // every browser has started its loop
  pollers.measure(true);
  const cpu = new CpuMeter(() => server.cpuSeconds());
  const benchCpu = new CpuMeter(selfCpuSeconds);
  const t0 = performance.now();
  const pushes = targets.map((s) => buildScanPush({ sceneId: s.sceneId, openid: s.openid, mode: 'safe', encodingAesKey: AES_KEY }));
  const sentAt = new Array<number>(targets.length);
  let webhookErrors = 0;
  let i = 0;
  const inFlight: Promise<unknown>[] = [];
  while (i < targets.length) {
    const due = Math.min(targets.length, Math.floor(((performance.now() - t0) / 1000) * 100) + 1);
    while (i < due) {
      const k = i++;
      sentAt[k] = performance.now();
      inFlight.push(sendPush(agent, server.port, pushes[k]).then((r) => void (r.status !== 200 && webhookErrors++), () => void webhookErrors++));
    }
    await sleep(2);
  }
  log(`  ${targets.length} scans sent in ${round((performance.now() - t0) / 1000, 1)} s`);
  // A saturated server may hold pushes for long; the detection clock below bounds the phase anyway.
  await Promise.race([Promise.all(inFlight), sleep(POLL_DETECT_LIMIT_MS)]);
  log(`  webhooks answered after ${round((performance.now() - t0) / 1000, 1)} s (${webhookErrors} failed or timed out)`);
  const left = POLL_SECONDS * 1000 - (performance.now() - t0);
  if (left > 0) await sleep(left);
  const seconds = (performance.now() - t0) / 1000;
  pollers.measure(false);
  const serverCpuPercent = cpu.percent();
  const benchCpuPercent = benchCpu.percent();
  // An overloaded server answers polls late: keep the pages polling until every scan is seen.
  const lastScan = sentAt[sentAt.length - 1] ?? t0;
  while (performance.now() < lastScan + POLL_DETECT_LIMIT_MS && targets.some((s) => !detected.has(s.sceneId))) await sleep(50);
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

async function throughputRun(server: ServerProcess, dbFile: string, mode: PushMode, scenes: SeededScene[]): Promise<ThroughputResult> {
  const connections = 32;
  log(`webhook throughput (${mode}): ${scenes.length} binding events, ${connections} connections`);
  const pushes = scenes.map((s) => buildScanPush({ sceneId: s.sceneId, openid: s.openid, mode, encodingAesKey: AES_KEY }));
  const countBindings = () => {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('select count(*) as n from wechat_bindings').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  const before = countBindings();
  let next = 0;
  const cpu = new CpuMeter(() => server.cpuSeconds());
  const benchCpu = new CpuMeter(selfCpuSeconds);
  const result = await autocannon({
    url: server.url,
    connections,
    amount: pushes.length,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: Record<string, unknown>) => {
          const p = pushes[Math.min(next++, pushes.length - 1)];
          return { ...req, method: 'POST', path: p.path, body: p.body, headers: { 'content-type': 'text/xml' } };
        },
      },
    ],
  });
  const serverCpuPercent = cpu.percent();
  const benchCpuPercent = benchCpu.percent();
  await sleep(500);
  const created = countBindings() - before;
  const ok = result['2xx'] as number;
  return {
    mode,
    events: pushes.length,
    eventsPerSec: round(ok / (result.duration as number)),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: (result.errors as number) + (result.timeouts as number),
    non2xx: result.non2xx as number,
    bindingsCreated: created,
    connections,
    serverCpuPercent: round(serverCpuPercent),
    benchCpuPercent: round(benchCpuPercent),
  };
}

/**
 * A second server with an empty database and a fresh simulator, whose WECHAT_API_BASE points at a
 * counting pass-through proxy in front of the simulator's own /sim mount: every request the app makes
 * to "WeChat" is counted by path. 1,000 creations at once must cause exactly one token request.
 */
async function coldTokenRun(work: string) {
  log(`cold token cache: ${QR_COLD} concurrent QR creations on a fresh server`);
  const dbFile = path.join(work, 'cold.db');
  const seeded = await seedDatabase(dbFile, APP_SECRET, { withScenes: {}, withoutScenes: { cold: QR_COLD } }, QR_TTL_SECONDS);
  const serverPort = await freePort();
  const calls: Record<string, number> = {};
  const proxy = http.createServer((req, res) => {
    const p = (req.url ?? '/').split('?')[0];
    calls[p] = (calls[p] ?? 0) + 1;
    const up = http.request({ host: '127.0.0.1', port: serverPort, method: req.method, path: req.url, headers: req.headers }, (ur) => {
      res.writeHead(ur.statusCode ?? 502, ur.headers);
      ur.pipe(res);
    });
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  const proxyPort = (proxy.address() as { port: number }).port;
  const server = await startServerProcess(
    { APP_SECRET, DATABASE_URL: `file:${dbFile}`, WECHAT_SIMULATOR: 'on', WECHAT_API_BASE: `http://127.0.0.1:${proxyPort}/sim`, QR_TTL_SECONDS: String(QR_TTL_SECONDS) },
    { port: serverPort },
  );
  const tokenCalls = () => Object.entries(calls).filter(([p]) => /\/cgi-bin\/(stable_)?token$/.test(p)).reduce((a, [, c]) => a + c, 0);
  try {
    const before = tokenCalls();
    const res = await qrCreation(server, seeded.users.cold, seeded.users.cold.length, 150);
    return {
      creations: res.creations,
      created: res.creations - res.errors,
      errors: res.errors,
      statuses: res.statuses,
      tokenRequestsBefore: before,
      tokenRequests: tokenCalls() - before,
      apiCalls: { ...calls },
      latency: res.latency,
      seconds: res.seconds,
    };
  } finally {
    await server.stop();
    proxy.close();
  }
}

type Results = {
  machine: { cores: number; cpu: string };
  loadAverageStart: number[];
  ceiling: Awaited<ReturnType<typeof helloWorldCeiling>>;
  qr: { warm: Awaited<ReturnType<typeof qrCreation>> | null; cold: Awaited<ReturnType<typeof coldTokenRun>> | null };
  memory: { waiting: number; rssBeforeKb: number; rssAfterKb: number; kbPerBrowser: number; idleCpuWaitingPercent: number; idleCpuNoBrowsersPercent: number };
  latency: LatencyResult[];
  polling: PollResult[];
  throughput: ThroughputResult[];
};

function tableRows(r: Results): Row[] {
  const rows: Row[] = [];
  rows.push({ section: 'machine', metric: 'cores / load average at start', value: `${r.machine.cores} × ${r.machine.cpu} / ${r.loadAverageStart.join(' ')}` });
  rows.push({ section: '', metric: 'hello-world node:http ceiling', value: `${r.ceiling.reqPerSec} req/s (${r.ceiling.connections} conns), ${r.ceiling.cpuMsPerRequest} ms CPU/req` });
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
    rows.push({ section: '', metric: 'lost / webhook errors', value: `${l.lost} of ${l.scans} / ${l.webhookErrors}`, target: '0', ok: l.lost === 0 && l.webhookErrors === 0 });
    rows.push({ section: '', metric: 'server CPU (bench CPU)', value: `${l.serverCpuPercent} % (${l.benchCpuPercent} %)` });
  }
  for (const t of r.throughput) {
    const target = t.mode === 'plaintext' ? 4000 : 2500;
    rows.push({ section: `webhook ${t.mode}`, metric: `events/s (${t.connections} conns)`, value: `${round(t.eventsPerSec, 0)}`, target: `≥ ${target}`, ok: t.eventsPerSec >= target });
    rows.push({ section: '', metric: 'p50 / p99', value: `${t.p50} / ${t.p99} ms` });
    rows.push({ section: '', metric: 'errors / non-2xx / bound', value: `${t.errors} / ${t.non2xx} / ${t.bindingsCreated} of ${t.events}`, target: '0 errors', ok: t.errors === 0 && t.non2xx === 0 && t.bindingsCreated === t.events });
    rows.push({ section: '', metric: 'server CPU (bench CPU); CPU per event', value: `${t.serverCpuPercent} % (${t.benchCpuPercent} %); ${round((t.serverCpuPercent * 10) / t.eventsPerSec, 2)} ms` });
  }
  const m = r.memory;
  rows.push({ section: `memory ${m.waiting} waiting`, metric: 'RSS before → after', value: `${round(m.rssBeforeKb / 1024, 1)} → ${round(m.rssAfterKb / 1024, 1)} MB` });
  rows.push({ section: '', metric: 'RSS per waiting browser', value: `${m.kbPerBrowser} KB`, target: '≤ 25 KB', ok: m.kbPerBrowser <= 25 });
  rows.push({ section: '', metric: 'idle CPU, 0 → N waiting', value: `${m.idleCpuNoBrowsersPercent} → ${m.idleCpuWaitingPercent} % of a core`, target: '≤ 5 %', ok: m.idleCpuWaitingPercent <= 5 });
  for (const p of r.polling) {
    const push = r.latency.find((l) => l.waiting === p.browsers && l.rate === 100);
    rows.push({ section: `polling N=${p.browsers}`, metric: 'requests/s (offered)', value: `${round(p.reqPerSec, 0)} (${p.offeredReqPerSec}) vs push 0 + webhooks` });
    rows.push({ section: '', metric: 'poll answer p50 / p99', value: `${p.pollLatency.p50} / ${p.pollLatency.p99} ms; ${p.errors} errors, ${p.skipped} skipped` });
    rows.push({
      section: '',
      metric: 'detection mean / p99 vs push',
      value: `${p.detection.mean} / ${p.detection.p99} ms vs ${push?.latency.mean ?? '?'} / ${push?.latency.p99 ?? '?'} ms (×${push ? round(p.detection.mean / push.latency.mean, 0) : '?'}); lost ${p.lost}`,
    });
    rows.push({ section: '', metric: 'server CPU vs push (R=100)', value: `${p.serverCpuPercent} % vs ${push?.serverCpuPercent ?? '?'} % (×${push ? round(p.serverCpuPercent / push.serverCpuPercent, 1) : '?'}); bench ${p.benchCpuPercent} %` });
  }
  const w = r.qr.warm;
  if (w) rows.push({ section: 'QR creation (warm)', metric: `p50 / p99 (${w.creations} sequential)`, value: `${w.latency.p50} / ${w.latency.p99} ms; ${w.errors} errors`, target: 'p99 ≤ 20 ms', ok: w.latency.p99 <= 20 && w.errors === 0 });
  const c = r.qr.cold;
  if (c) rows.push({ section: 'QR creation (cold)', metric: `${c.creations} at once → token requests`, value: `${c.tokenRequests} (${c.created} created, ${c.errors} errors; p99 ${c.latency.p99} ms)`, target: 'exactly 1', ok: c.tokenRequests === 1 });
  return rows;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
