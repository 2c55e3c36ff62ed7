// The server under test runs as its own process (production build, `server/index.ts` exactly as
// `npm start` runs it) so that its CPU time and RSS can be read from /proc without the load
// generator's share mixed in.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { sleep } from './stats';

const ROOT = path.resolve(__dirname, '..', '..');
/** Linux USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. It is 100 on every mainstream kernel. */
const CLOCK_TICKS = 100;

export interface ServerProcess {
  pid: number;
  port: number;
  url: string;
  child: ChildProcess;
  /** Total user+system CPU seconds the process has used so far. */
  cpuSeconds(): number;
  /** Resident set size in KB (VmRSS). */
  rssKb(): number;
  /** Everything the process wrote to stderr/stdout (tail), for error reports. */
  output(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node --import tsx server/index.ts` with NODE_ENV=production behind `ulimit -n <hard>` (10k
 * sockets need more descriptors than the usual soft limit), and waits until it answers HTTP.
 */
export async function startServerProcess(
  env: Record<string, string>,
  opts: {
    port?: number;
    nodeArgs?: string[] /** Another checkout to run (built), for before/after comparisons. */;
    root?: string;
  } = {},
): Promise<ServerProcess> {
  const port = opts.port ?? (await freePort());
  const nodeArgs = [...(opts.nodeArgs ?? []), '--import', 'tsx', 'server/index.ts']
    .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  // `exec` keeps the pid: the shell becomes node, so /proc/<pid> is the server itself.
  const child = spawn('bash', ['-c', `ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec '${process.execPath}' ${nodeArgs}`], {
    cwd: opts.root ?? ROOT,
    env: {
      ...process.env,
      // The simulator is refused with NODE_ENV=production: the instance that runs it is a test instance.
      NODE_ENV: env.WECHAT_SIMULATOR === 'on' ? 'test' : 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      if (!stopping) out += `\n[server process exited: code ${code}, signal ${signal}]\n`;
      resolve(code);
    }),
  );
  let dead = false;
  let stopping = false;
  void exited.then(() => (dead = true));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (dead) throw new Error(`server exited during start-up:\n${out}`);
    try {
      const res = await fetch(`${url}/api/me`);
      await res.arrayBuffer();
      if (res.status !== 503) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start within 120 s:\n${out}`);
    await sleep(200);
  }
  const pid = child.pid!;
  return {
    pid,
    port,
    url,
    child,
    cpuSeconds() {
      if (dead) throw new Error(`the server process died:\n${out.slice(-4000)}`);
      // Fields after the ")" of the command name: state is field 3; utime 14 and stime 15.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    },
    rssKb() {
      const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Number(m[1]) : NaN;
    },
    output: () => out,
    async stop() {
      if (dead) return;
      stopping = true;
      child.kill('SIGTERM');
      const code = await Promise.race([exited, sleep(15_000).then(() => 'timeout' as const)]);
      if (code === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** CPU use of a process over a window, as a percentage of one core (200 % = both cores of this machine). */
export class CpuMeter {
  private startCpu: number;
  private startAt: number;
  constructor(private readonly read: () => number) {
    this.startCpu = read();
    this.startAt = performance.now();
  }
  /** CPU over the window from construction to `endAt` (a `performance.now()`; default: now). */
  percent(endAt = performance.now()): number {
    const seconds = (endAt - this.startAt) / 1000;
    return seconds > 0 ? ((this.read() - this.startCpu) / seconds) * 100 : NaN;
  }
}

/** The bench process's own CPU seconds (the load generator shares the machine with the server). */
export const selfCpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * CPU seconds the whole machine has been busy (all cores, from the first line of /proc/stat: user,
 * nice, system, irq, softirq, steal). Over a window, as a CpuMeter, 200 % = both cores of this
 * machine busy: the servers, the bench, PostgreSQL and Redis, and anything else that runs here.
 */
export function machineCpuSeconds(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = f;
  return (user + nice + system + irq + softirq + (steal ?? 0)) / CLOCK_TICKS;
}

/**
 * CPU seconds of every process whose command name is one of `names` (e.g. `postgres`, whose backends
 * are processes of their own, or `redis-server`), including the children they have reaped: a
 * backend that exits during the window still counts, through the postmaster's cutime/cstime.
 * Whole servers: PostgreSQL work for other clients on this machine is counted too.
 */
export function processesCpuSeconds(names: string[]): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!names.includes(comm)) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      /* the process exited between readdir and read */
    }
  }
  return ticks / CLOCK_TICKS;
}
