import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../lib/config';
import { startServer, type RunningServer } from '../../server/start';

export const TEST_APP_SECRET = 'test-app-secret-0123456789abcdef0123456789';

export interface TestServer extends RunningServer {
  dataDir: string;
  /** Stops the server; keeps the data folder when `keepData` (for restart tests). */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

/**
 * Starts the real server (production Next build, simulator on) on a free port with a fresh SQLite
 * file. Run `npm run build` first; `npm test` does.
 */
export async function startTestServer(env: Record<string, string> = {}, dataDir = mkdtempSync(path.join(tmpdir(), 'webind-test-'))): Promise<TestServer> {
  const config = loadConfig({
    NODE_ENV: 'production',
    PORT: '0',
    APP_SECRET: TEST_APP_SECRET,
    WECHAT_SIMULATOR: 'on',
    DATABASE_URL: `file:${path.join(dataDir, 'webind.db')}`,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const server = await startServer(config);
  return {
    ...server,
    dataDir,
    async stop(opts = {}) {
      await server.close();
      if (!opts.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
