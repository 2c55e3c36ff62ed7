import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { startTestServer, type TestServer } from './server';

/**
 * One server and one Chromium for an e2e file: started before its tests, stopped after them. Call it
 * inside the `describe`; read `.server` and `.browser` inside the tests.
 */
export function serverAndBrowser(
  env: Record<string, string> = {},
  setup?: (server: TestServer) => void | Promise<void>,
): { readonly server: TestServer; readonly browser: Browser } {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    server = await startTestServer(env);
    await setup?.(server);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('the e2e server is not started (call serverAndBrowser inside describe)');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the e2e browser is not launched');
      return browser;
    },
  };
}
