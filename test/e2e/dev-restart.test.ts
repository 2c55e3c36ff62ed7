import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserSkip, launchBrowser, newPage } from '../helpers/browser';

const READY_MS = 240_000; // a cold dev compile on a busy machine

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** `npm run dev` as a developer runs it (NODE_ENV=development, Next's dev server with HMR, Strict Mode). */
function startDev(port: number, dataDir: string): { child: ChildProcess; output: () => string; ready: Promise<void> } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      DATABASE_URL: `file:${path.join(dataDir, 'dev.db')}`,
      APP_SECRET: 'dev-restart-test-secret-0123456789abcdef',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev server not ready:\n${output}`)), READY_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('/dev/wechat')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`dev server exited with ${code}:\n${output}`)));
  });
  return { child, output: () => output, ready };
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

describe('development server restart with a page open', { skip: browserSkip }, () => {
  let browser: Browser;
  let dev: ReturnType<typeof startDev> | null = null;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'webind-dev-'));
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    if (dev) await stop(dev.child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints both URLs, serves 127.0.0.1, creates one scene per panel, and does not reload in a loop after a restart', async () => {
    const port = await freePort();
    dev = startDev(port, dataDir);
    await dev.ready;
    assert.match(dev.output(), new RegExp(`http://localhost:${port}\\b`));
    assert.match(dev.output(), new RegExp(`http://127\\.0\\.0\\.1:${port}\\b`));
    assert.match(dev.output(), new RegExp(`http://localhost:${port}/dev/wechat`));

    const { context, page } = await newPage(browser);
    page.setDefaultTimeout(READY_MS);
    let loads = 0;
    let scans = 0;
    page.on('load', () => loads++);
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/scan') scans++;
    });
    // 127.0.0.1, not localhost: Next's allowedDevOrigins must let it load its dev chunks and HMR socket.
    await page.goto(`http://127.0.0.1:${port}/login`);
    await page.getByTestId('scan-qr').waitFor();
    await page.waitForTimeout(3000);
    assert.equal(scans, 1, 'React Strict Mode must not create a second scene');
    const sim = await (await fetch(`http://127.0.0.1:${port}/sim/dev/state`)).json();
    assert.equal(sim.qrs.length, 1, 'the simulator lists exactly one QR');

    await stop(dev.child);
    dev = startDev(port, dataDir);
    await dev.ready;
    const loadsBefore = loads;
    const scansBefore = scans;
    // Next's client reloads once when it meets a new dev server; a loop reloads many times a second.
    await page.waitForTimeout(25_000);
    await page.getByTestId('scan-qr').waitFor();
    const reloads = loads - loadsBefore;
    assert.ok(reloads <= 1, `at most one reload after the restart, saw ${reloads}`);
    assert.ok(scans - scansBefore <= reloads, `one scene per page load, saw ${scans - scansBefore}`);
    await context.close();
  });
});
