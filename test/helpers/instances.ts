import { spawn, type ChildProcess } from 'node:child_process';
import { createClient } from 'redis';
import { SIMULATOR_ACCOUNT } from '../../lib/config';
import { createPgDatabase, postgresReachable } from './postgres';
import { TEST_APP_SECRET } from './server';

export const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

export interface Instance {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Why several-instance tests cannot run here (no PostgreSQL or Redis), or null. */
export async function clusterSkip(): Promise<string | false> {
  const pgDown = await postgresReachable();
  if (pgDown) return `PostgreSQL unreachable (${pgDown})`;
  const redis = createClient({ url: REDIS_URL, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.quit();
    return false;
  } catch (err) {
    return `Redis unreachable at ${REDIS_URL} (${(err as Error).message})`;
  }
}

/** Starts `npm start`'s entry point as its own process and waits until it listens. */
export function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: {
      ...process.env,
      // The simulator is refused with NODE_ENV=production: the instance that runs it is a test instance.
      NODE_ENV: env.WECHAT_SIMULATOR === 'on' ? 'test' : 'production',
      PORT: '0',
      APP_SECRET: TEST_APP_SECRET,
      LOG_LEVEL: process.env.INSTANCE_LOG_LEVEL ?? 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${output}`)), 30_000);
    child.stderr!.on('data', (d) => (output += d));
    const failed = (code: number | null) => reject(new Error(`${name} exited (${code}): ${output}`));
    child.once('exit', failed);
    const onData = (d: Buffer) => {
      output += d;
      const m = /"port":(\d+).*"msg":"WeBind listening"/.exec(output);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      child.off('exit', failed);
      const port = Number(m[1]);
      resolve({
        name,
        url: `http://localhost:${port}`,
        port,
        child,
        stop: (signal = 'SIGTERM') =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill(signal);
          }),
      });
    };
    child.stdout!.on('data', onData);
  });
}

/** An instance configured like a real deployment whose "WeChat" is the simulator of the instance at `simulatorUrl`. */
export function wechatOf(simulatorUrl: string): Record<string, string> {
  return {
    WECHAT_SIMULATOR: 'off',
    WECHAT_APPID: SIMULATOR_ACCOUNT.appId,
    WECHAT_APPSECRET: SIMULATOR_ACCOUNT.appSecret,
    WECHAT_TOKEN: SIMULATOR_ACCOUNT.token,
    WECHAT_API_BASE: `${simulatorUrl}/sim`,
  };
}

/**
 * Two WeBind instances sharing one PostgreSQL database and Redis (or only PostgreSQL), as behind a load balancer. A runs
 * the simulator (standing in for WeChat's API for both); B is configured like a real deployment
 * pointed at it.
 */
export async function startCluster(
  opts: { redis?: boolean } = {},
): Promise<{ a: Instance; b: Instance; databaseUrl: string; stop(): Promise<void> }> {
  const db = await createPgDatabase();
  // Without Redis the instances meet through PostgreSQL's LISTEN/NOTIFY.
  const shared: Record<string, string> =
    opts.redis === false ? { DATABASE_URL: db.url } : { DATABASE_URL: db.url, REDIS_URL };
  const a = await startInstance('A', { ...shared, WECHAT_SIMULATOR: 'on' });
  const b = await startInstance('B', { ...shared, ...wechatOf(a.url), PUBLIC_URL: a.url });
  return {
    a,
    b,
    databaseUrl: db.url,
    async stop() {
      await Promise.all([a.stop(), b.stop()]);
      await db.drop();
    },
  };
}
