import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { AUTO_REFRESH_ROUNDS } from '../../app/scan/card-state';
import { browserSkip, newPage, screenshot } from '../helpers/browser';
import { serverAndBrowser } from '../helpers/e2e';

/** Counts the QRs a page asks for (POST /api/scan). */
function countScans(page: Page): { readonly count: number } {
  const counter = { count: 0 };
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/scan') counter.count++;
  });
  return counter;
}

/** Makes the page believe it is in a background tab until `showPage` (Page Visibility API). */
async function startHidden(page: Page) {
  // A string, not a function: tsx's helpers would not exist in the page.
  await page.addInitScript({
    content: `window.__visibility = 'hidden';
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => window.__visibility });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => window.__visibility === 'hidden' });`,
  });
}
async function setVisibility(page: Page, state: 'visible' | 'hidden') {
  await page.evaluate(`(() => {
    if (!('__visibility' in window)) {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => window.__visibility });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => window.__visibility === 'hidden' });
    }
    window.__visibility = '${state}';
    document.dispatchEvent(new Event('visibilitychange'));
  })()`);
}

const cardState = (page: Page) => page.getByTestId('scan-card').getAttribute('data-state');
const qrOf = (page: Page) => page.getByTestId('scan-qr').getAttribute('data-qr-content');

describe('the QR budget in the browser (issue 14)', { skip: browserSkip }, () => {
  const e2e = serverAndBrowser({ QR_TTL_SECONDS: '60' });

  it('a hidden tab creates no QR; the QR is created once the tab becomes visible', async () => {
    const { context, page } = await newPage(e2e.browser);
    await startHidden(page);
    const scans = countScans(page);
    await page.goto(`${e2e.server.url}/login`);
    await page.getByTestId('scan-card').waitFor();
    await page.waitForTimeout(2500);
    assert.equal(scans.count, 0, 'no QR while hidden');
    assert.equal(await cardState(page), 'loading');
    assert.equal(e2e.server.simulator!.driver.qrs().length, 0);

    await setVisibility(page, 'visible');
    await page.getByTestId('scan-qr').waitFor();
    await page.waitForTimeout(500);
    assert.equal(scans.count, 1, 'exactly one QR once visible');
    assert.equal(await cardState(page), 'waiting');
    await context.close();
  });

  it('an expired QR in a hidden tab is not replaced until the tab is visible again', async () => {
    const { context, page } = await newPage(e2e.browser);
    await page.clock.install();
    const scans = countScans(page);
    await page.goto(`${e2e.server.url}/login`);
    await page.getByTestId('scan-qr').waitFor();
    assert.equal(scans.count, 1);
    await setVisibility(page, 'hidden');
    await page.clock.fastForward(61_000);
    await page.waitForTimeout(1000);
    assert.equal(scans.count, 1, 'nothing created while hidden');
    await setVisibility(page, 'visible');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="scan-card"]')?.getAttribute('data-state') === 'waiting',
    );
    assert.equal(scans.count, 2);
    await context.close();
  });

  it(`an idle visible tab replaces its expired QR ${AUTO_REFRESH_ROUNDS} times, then stops and offers 点击刷新`, async () => {
    const { context, page } = await newPage(e2e.browser);
    await page.clock.install();
    // Only the page's clock jumps: the server would hand this browser its still-valid login QR again
    // (each QR spends WeChat's quota). So the QRs the page got end on the server too when its clock jumps.
    const sceneIds: string[] = [];
    page.on('response', (r) => {
      if (r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/scan')
        void r
          .json()
          .then((b: { sceneId?: string }) => b.sceneId && sceneIds.push(b.sceneId))
          .catch(() => undefined);
    });
    const fastForward = async (ms: number) => {
      for (const id of sceneIds)
        await e2e.server.services.repos.scenes.transition(id, ['pending'], {
          status: 'expired',
          updatedAt: Date.now(),
        });
      await page.clock.fastForward(ms);
    };
    const scans = countScans(page);
    await page.goto(`${e2e.server.url}/login`);
    await page.getByTestId('scan-qr').waitFor();
    const seen = new Set([await qrOf(page)]);
    for (let round = 1; round <= AUTO_REFRESH_ROUNDS; round++) {
      await fastForward(61_000);
      // The old QR greys out and a fresh one takes its place, without a click.
      await page.waitForFunction(
        (old) => {
          const card = document.querySelector('[data-testid="scan-card"]');
          const qr = document.querySelector('[data-testid="scan-qr"]')?.getAttribute('data-qr-content');
          return card?.getAttribute('data-state') === 'waiting' && !!qr && !old.includes(qr);
        },
        [...seen],
      );
      seen.add(await qrOf(page));
    }
    assert.equal(scans.count, 1 + AUTO_REFRESH_ROUNDS);

    await fastForward(61_000);
    await page.getByTestId('scan-refresh').waitFor();
    assert.equal(await cardState(page), 'expired');
    assert.equal(await page.getByTestId('scan-refresh').textContent(), '点击刷新');
    await page.getByTestId('scan-status').getByText('二维码已过期').waitFor();
    // An hour later it still has not asked for another one.
    await fastForward(60 * 60_000);
    await page.waitForTimeout(1000);
    assert.equal(scans.count, 1 + AUTO_REFRESH_ROUNDS, 'no QR after the rounds are spent');
    await screenshot(page, 'qr-expired');

    await page.getByTestId('scan-refresh').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="scan-card"]')?.getAttribute('data-state') === 'waiting',
    );
    assert.equal(scans.count, 2 + AUTO_REFRESH_ROUNDS);
    await context.close();
  });

  it('WeChat’s 45009 (daily qrcode/create quota) shows a clear message, no spinner and no retry', async () => {
    e2e.server.simulator!.driver.faults.failNext(1, {
      errcode: 45009,
      errmsg: 'reach max api daily quota limit',
      path: '/cgi-bin/qrcode/create',
    });
    const { context, page } = await newPage(e2e.browser);
    await page.goto(`${e2e.server.url}/login`);
    await page.locator('[data-testid="scan-card"][data-state="quota"]').waitFor();
    await page.getByTestId('scan-status').getByText('今天的微信二维码已用完').waitFor();
    assert.equal(await page.locator('.spinner').count(), 0, 'no spinner');
    assert.equal(await page.getByTestId('scan-retry').count(), 0, 'no retry that cannot succeed today');
    assert.equal(await page.getByTestId('scan-qr').count(), 0);
    await screenshot(page, 'qr-quota');
    await context.close();
  });

  it('a rate-limited QR request says when to retry and allows it only then', async () => {
    const { context, page } = await newPage(e2e.browser);
    await page.clock.install();
    let limited = true;
    await page.route('**/api/scan', async (route) => {
      if (!limited) return route.continue();
      await route.fulfill({
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': '42' },
        body: JSON.stringify({ error: { code: 'rate_limited', message: '操作太频繁，请在 42 秒后再试' } }),
      });
    });
    await page.goto(`${e2e.server.url}/login`);
    await page.locator('[data-testid="scan-card"][data-state="rate_limited"]').waitFor();
    await page.getByTestId('scan-status').getByText('获取二维码太频繁，请在 42 秒后重试').waitFor();
    assert.equal(await page.getByTestId('scan-retry').isDisabled(), true);
    await screenshot(page, 'qr-rate-limited');
    limited = false;
    await page.clock.fastForward(43_000);
    await page.getByTestId('scan-status').getByText('现在可以重新获取二维码了').waitFor();
    await page.getByTestId('scan-retry').click();
    await page.getByTestId('scan-qr').waitFor();
    assert.equal(await cardState(page), 'waiting');
    await context.close();
  });
});
