import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { loadConfig } from '../../lib/config';
import { browserSkip, launchBrowser, newPage, readQr, registerInBrowser } from '../helpers/browser';
import { clusterSkip, startCluster } from '../helpers/instances';
import { TEST_APP_SECRET } from '../helpers/server';
import { pushToWebhook, scanEvent } from '../helpers/wechat';

describe('several instances in the browser', async () => {
  const skip = browserSkip || (await clusterSkip());
  if (skip) console.warn(`\n!!! several-instance browser test SKIPPED: ${skip} !!!\n`);

  describe('binding through instance A while instance B serves the webhook', { skip }, () => {
    let cluster: Awaited<ReturnType<typeof startCluster>>;
    let browser: Browser;
    before(async () => {
      cluster = await startCluster();
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await cluster?.stop();
    });

    it('shows the binding on A the moment B handles the scan', async () => {
      const { context, page } = await newPage(browser);
      await registerInBrowser(page, cluster.a.url, 'petra@example.com', 'petra password');
      await page.getByTestId('bind-wechat').click();
      const qr = await readQr(page);
      // WeChat (the simulator on A) knows which scene the QR carries; the load balancer sends its push to B.
      const state = (await (await fetch(`${cluster.a.url}/sim/dev/state`)).json()) as {
        qrs: Array<{ url: string; scene: string }>;
      };
      const scene = state.qrs.find((q) => q.url === qr)?.scene;
      assert.ok(scene, 'the simulator knows the QR');
      const wechat = loadConfig({ NODE_ENV: 'test', APP_SECRET: TEST_APP_SECRET, WECHAT_SIMULATOR: 'on' });
      const res = await pushToWebhook(cluster.b.url, wechat, scanEvent('o_petra_phone_0001', scene, false));
      assert.match(res.reply ?? '', /^已绑定到账号 p\*\*\*@example\.com/);
      await page.getByTestId('wechat-binding').waitFor({ timeout: 3000 });
      await context.close();
    });
  });
});
