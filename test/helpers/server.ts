import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../lib/config';
import { startServer, type RunningServer } from '../../server/start';
import { createPgDatabase } from './postgres';

export const TEST_APP_SECRET = 'test-app-secret-0123456789abcdef0123456789';

/** `WEBIND_TEST_DB=postgres` runs the same suites on PostgreSQL (test/run.mjs does a second pass). */
export const TEST_DIALECT = process.env.WEBIND_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

export interface TestServer extends RunningServer {
  dataDir: string;
  /** Stops the server; keeps its data (SQLite file or PostgreSQL database) when `keepData`, for restart tests. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

/** A real Official Account's settings (simulator off), for tests of what a deployment does without the simulator. */
export const REAL_WECHAT = {
  WECHAT_SIMULATOR: 'off',
  WECHAT_APPID: 'wxrealapp',
  WECHAT_APPSECRET: 'x',
  WECHAT_TOKEN: 'tok123',
} as const;

/**
 * Starts the real server (production Next build, simulator on) on a free port with a fresh database:
 * a SQLite file, or a PostgreSQL database of its own. Run `npm run build` first; `npm test` does.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  reuse?: TestServer,
  opts: { logStream?: NodeJS.WritableStream } = {},
): Promise<TestServer> {
  const dataDir = reuse?.dataDir ?? mkdtempSync(path.join(tmpdir(), 'webind-test-'));
  const pgDb = reuse ? null : TEST_DIALECT === 'postgres' ? await createPgDatabase() : null;
  const databaseUrl = reuse?.services.config.databaseUrl ?? pgDb?.url ?? `file:${path.join(dataDir, 'webind.db')}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    APP_SECRET: TEST_APP_SECRET,
    WECHAT_SIMULATOR: 'on',
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const server = await startServer(config, { logStream: opts.logStream });
  const dropPg = pgDb?.drop ?? (reuse as (TestServer & { dropPg?: () => Promise<void> }) | undefined)?.dropPg;
  return {
    ...server,
    dataDir,
    dropPg,
    async stop(opts = {}) {
      await server.close();
      if (opts.keepData) return;
      rmSync(dataDir, { recursive: true, force: true });
      await dropPg?.();
    },
  } as TestServer;
}
