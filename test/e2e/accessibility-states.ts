import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { axeViolations, DESKTOP } from '../helpers/axe';
import { browserSkip, cardIs, expireQrUntilItStops, newPage, SCREENSHOTS, screenshot } from '../helpers/browser';
import { TestClient } from '../helpers/client';
import { serverAndBrowser } from '../helpers/e2e';
import { linkInReply } from '../helpers/wechat';

type Size = { width: number; height: number };
/** Brings a fresh page to one state; returns a name for the report (and the screenshot, at desktop size). */
type Scenario = { name: string; run: (page: Page, context: BrowserContext, size: Size) => Promise<void> };

const qrOf = async (page: Page) => (await page.getByTestId('scan-qr').getAttribute('data-qr-content'))!;

/** On a phone the login QR waits behind "用另一台设备扫码". */
async function showLoginQr(page: Page) {
  const button = page.getByTestId('show-login-qr');
  await Promise.race([
    button.waitFor().catch(() => {}),
    page
      .getByTestId('scan-card')
      .waitFor()
      .catch(() => {}),
  ]);
  if (await button.isVisible()) await button.click();
}

/**
 * axe-core on every page and QR state at one viewport size. Each size runs in a file of its own
 * (accessibility-desktop / accessibility-phone), with its own server: together they took longer than the
 * runner's per-file timeout on a slow day, and apart they run side by side.
 */
export function describeAccessibility(size: Size): void {
  describe(`accessibility: axe-core on every page and QR state at ${size.width}×${size.height}`, {
    skip: browserSkip,
  }, () => {
    const e2e = serverAndBrowser({ QR_TTL_SECONDS: '60' });
    let n = 0;
    const unique = (name: string) => `${name}${++n}`;

    /** A registered account (optionally bound to simulator user `phone`), signed in inside `context`. */
    async function signedIn(context: BrowserContext | null, opts: { phone?: string } = {}) {
      const email = `${unique('a11y')}@example.com`;
      const client = new TestClient(e2e.server.url);
      assert.equal((await client.post('/api/auth/register', { email, password: 'long password' })).status, 201);
      if (opts.phone) {
        const scan = await client.post('/api/scan', { purpose: 'bind' });
        await e2e.server.simulator!.driver.user(opts.phone, { following: true }).scan(scan.body.qrContent);
      }
      await context?.addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: e2e.server.url })));
      return email;
    }

    const scenarios: Scenario[] = [
      { name: 'home', run: async (page) => void (await page.goto(`${e2e.server.url}/`)) },
      {
        name: 'not-found',
        run: async (page) => {
          await page.goto(`${e2e.server.url}/no-such-page`);
          await page.getByTestId('not-found').waitFor();
        },
      },
      {
        name: 'register-errors',
        run: async (page) => {
          await page.goto(`${e2e.server.url}/register`);
          await page.getByLabel('邮箱', { exact: true }).fill('not-an-email');
          await page.getByLabel('密码', { exact: true }).fill('x');
          await page.getByRole('button', { name: '注册' }).click();
          await page.locator('[role="alert"]').first().waitFor();
        },
      },
      {
        name: 'qr-loading',
        run: async (page) => {
          await page.addInitScript({
            content: `Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });`,
          });
          await page.goto(`${e2e.server.url}/login`);
          await showLoginQr(page);
          await cardIs(page, 'loading');
        },
      },
      {
        name: 'qr-waiting',
        run: async (page) => {
          await page.goto(`${e2e.server.url}/login`);
          await showLoginQr(page);
          await cardIs(page, 'waiting');
        },
      },
      {
        name: 'login-phone-first',
        run: async (page, _c, size) => {
          await page.goto(`${e2e.server.url}/login`);
          if (size.width < 720) await page.getByTestId('show-login-qr').waitFor();
          else await cardIs(page, 'waiting');
        },
      },
      {
        name: 'qr-confirming',
        run: async (page) => {
          const phone = unique('confirmer');
          await signedIn(null, { phone });
          await page.goto(`${e2e.server.url}/login`);
          await showLoginQr(page);
          await cardIs(page, 'waiting');
          await e2e.server.simulator!.driver.user(phone).scan(await qrOf(page));
          await cardIs(page, 'confirming');
        },
      },
      {
        name: 'wechat-confirm',
        run: async (page) => {
          const phone = unique('confirmer');
          await signedIn(null, { phone });
          await page.goto(`${e2e.server.url}/login`);
          await showLoginQr(page);
          await cardIs(page, 'waiting');
          const scanned = await e2e.server.simulator!.driver.user(phone).scan(await qrOf(page));
          const href = linkInReply(scanned.reply);
          await page.goto(href);
          await page.getByTestId('confirm-login').waitFor();
        },
      },
      {
        name: 'qr-success',
        run: async (page) => {
          const phone = unique('verifier');
          await signedIn(null, { phone });
          await page.goto(`${e2e.server.url}/forgot-password`);
          await cardIs(page, 'waiting');
          await e2e.server.simulator!.driver.user(phone).scan(await qrOf(page));
          await cardIs(page, 'success');
        },
      },
      {
        name: 'qr-unbound',
        run: async (page) => {
          await page.goto(`${e2e.server.url}/forgot-password`);
          await cardIs(page, 'waiting');
          await e2e.server.simulator!.driver.user(unique('stranger')).scan(await qrOf(page));
          await cardIs(page, 'unbound');
          assert.equal(await page.locator('.qr-icon').textContent(), '!', 'a failed scan never shows ✓');
        },
      },
      {
        name: 'qr-conflict',
        run: async (page, context) => {
          const phone = unique('taken');
          await signedIn(null, { phone });
          await signedIn(context);
          await page.goto(`${e2e.server.url}/settings`);
          await page.getByTestId('bind-wechat').click();
          await cardIs(page, 'waiting');
          await e2e.server.simulator!.driver.user(phone).scan(await qrOf(page));
          await cardIs(page, 'conflict');
        },
      },
      {
        name: 'qr-expired',
        run: async (page) => {
          await page.clock.install();
          await page.goto(`${e2e.server.url}/login`);
          await showLoginQr(page);
          await cardIs(page, 'waiting');
          await expireQrUntilItStops(page);
        },
      },
      {
        name: 'qr-quota',
        run: async (page) => {
          e2e.server.simulator!.driver.faults.failNext(1, { errcode: 45009, path: '/cgi-bin/qrcode/create' });
          await page.goto(`${e2e.server.url}/login`);
          await showLoginQr(page);
          await cardIs(page, 'quota');
        },
      },
      {
        name: 'qr-error',
        run: async (page) => {
          e2e.server.simulator!.driver.faults.failNext(1, { status: 503, path: '/cgi-bin/qrcode/create' });
          await page.goto(`${e2e.server.url}/login`);
          await showLoginQr(page);
          await cardIs(page, 'error');
        },
      },
      {
        name: 'qr-rate-limited',
        run: async (page) => {
          await page.route('**/api/scan', (route) =>
            route.fulfill({
              status: 429,
              headers: { 'content-type': 'application/json', 'retry-after': '30' },
              body: JSON.stringify({ error: { code: 'rate_limited', message: '操作太频繁，请在 30 秒后再试' } }),
            }),
          );
          await page.goto(`${e2e.server.url}/login`);
          await showLoginQr(page);
          await cardIs(page, 'rate_limited');
        },
      },
      {
        name: 'qr-offline',
        run: async (page, context) => {
          // 127.0.0.1: Engine.IO's client closes on the browser's offline event except for "localhost".
          await page.goto(`${e2e.server.url.replace('localhost', '127.0.0.1')}/login`);
          await showLoginQr(page);
          await cardIs(page, 'waiting');
          await page.waitForFunction(
            () => document.querySelector('[data-testid="scan-card"]')?.getAttribute('data-connection') === 'online',
          );
          await context.setOffline(true);
          await cardIs(page, 'offline');
        },
      },
      {
        name: 'settings-unbound',
        run: async (page, context) => {
          await signedIn(context);
          await page.goto(`${e2e.server.url}/settings`);
          await page.getByTestId('bind-wechat').waitFor();
        },
      },
      {
        name: 'settings-bound-unbind-dialog',
        run: async (page, context) => {
          await signedIn(context, { phone: unique('bound') });
          await page.goto(`${e2e.server.url}/settings`);
          await page.getByTestId('unbind-wechat').click();
          await page.getByTestId('unbind-confirm').waitFor();
        },
      },
      {
        name: 'forgot-password',
        run: async (page) => {
          await page.goto(`${e2e.server.url}/forgot-password`);
          await cardIs(page, 'waiting');
        },
      },
      {
        name: 'wechat-link',
        run: async (page) => {
          const sent = await e2e.server.simulator!.driver.user(unique('follower'), { following: true }).send('绑定');
          const href = linkInReply(sent.reply);
          await page.goto(href);
          await page.getByTestId('link-page').waitFor();
        },
      },
      {
        name: 'wechat-link-invalid',
        run: async (page) => {
          await page.goto(`${e2e.server.url}/wechat/link?openid=x&timestamp=1&nonce=n&signature=bad`);
          await page.getByTestId('link-problem').waitFor();
        },
      },
      {
        name: 'simulator',
        run: async (page) => {
          await page.goto(`${e2e.server.url}/dev/wechat`);
          await page.getByTestId('sim-user-select').waitFor();
        },
      },
    ];

    it(`has no axe violations at ${size.width}×${size.height}`, async () => {
      const report: string[] = [];
      for (const scenario of scenarios) {
        const { context, page } = await newPage(e2e.browser, { viewport: size });
        try {
          await scenario.run(page, context, size);
          const violations = await axeViolations(page);
          for (const v of violations) report.push(`${scenario.name}: ${v}`);
          if (size === DESKTOP) await screenshot(page, `state-${scenario.name}`);
          else await screenshot(page, `state-${scenario.name}-phone`);
          // The QR card alone, for the README's table of states.
          if (size === DESKTOP && scenario.name.startsWith('qr-'))
            await page
              .getByTestId('scan-card')
              .screenshot({ path: path.join(SCREENSHOTS, `card-${scenario.name}.png`) });
        } catch (err) {
          report.push(`${scenario.name}: could not reach the state: ${(err as Error).message.split('\n')[0]}`);
        } finally {
          await context.close();
        }
      }
      assert.deepEqual(report, [], `axe violations:\n${report.join('\n')}`);
    });
  });
}
