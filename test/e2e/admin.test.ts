import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SESSION_COOKIE, startSession } from '../../lib/auth/sessions';
import { axeViolations } from '../helpers/axe';
import { browserSkip, newPage, registerInBrowser, screenshot } from '../helpers/browser';
import { TestClient } from '../helpers/client';
import { serverAndBrowser } from '../helpers/e2e';

const ADMIN = 'admin@example.com';

describe('the admin console in the browser', { skip: browserSkip }, () => {
  const e2e = serverAndBrowser({ ADMIN_EMAILS: ADMIN, WECHAT_TEMPLATE_ID_CODE: 'tmpl-code' });

  /** A user who binds WeChat by a real scan through the simulator (HTTP, not this e2e.browser). */
  async function scanToBind(email: string): Promise<void> {
    const user = await e2e.server.services.repos.users.create({ email, passwordHash: 'unused', now: Date.now() });
    assert.ok(user);
    const session = await startSession(e2e.server.services, user.id, { ip: null, userAgent: 'test' });
    const c = new TestClient(e2e.server.url);
    c.cookies.set(SESSION_COOKIE, session.token);
    const scene = await c.post('/api/scan', { purpose: 'bind' });
    assert.equal(scene.status, 201);
    await e2e.server.simulator!.driver.user(`phone-${email}`, { following: true }).scan(scene.body.qrContent);
  }

  it('an admin sees the overview charts move within a second of a simulated scan', async () => {
    const { context, page } = await newPage(e2e.browser);
    await registerInBrowser(page, e2e.server.url, ADMIN, 'admin password');
    await page.getByRole('link', { name: '后台' }).click();
    await page.waitForURL('**/admin');
    await page.getByText('实时', { exact: true }).waitFor();
    assert.equal(await page.locator('.chart-box canvas').count(), 5, 'five uPlot charts drawn on canvases');
    assert.equal(await page.locator('.chart-box img').count(), 0, 'no chart is a server image');
    const now = page.getByTestId('now-scans_bind');
    await page.waitForFunction(() => document.querySelector('[data-testid="now-scans_bind"]')?.textContent === '0');
    const updates = Number(await page.locator('.chart-grid').getAttribute('data-updates'));

    await scanToBind('first@example.com');
    const scannedAt = Date.now();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="now-scans_bind"]')?.textContent === '1',
      null,
      {
        timeout: 1000,
      },
    );
    assert.ok(Date.now() - scannedAt < 1000);
    assert.equal(await page.getByTestId('now-binds').textContent(), '1');
    assert.ok(Number(await page.locator('.chart-grid').getAttribute('data-updates')) > updates, 'the charts were fed');
    assert.notEqual(await page.getByTestId('now-push_p50').textContent(), '–', 'a push latency was measured');
    await screenshot(page, 'admin-overview');
    assert.deepEqual(await axeViolations(page), [], 'overview: no axe violations');

    // A reload draws the same minute from the database, then keeps listening.
    await page.reload();
    await page.waitForFunction(() => document.querySelector('[data-testid="now-scans_bind"]')?.textContent === '1');
    await scanToBind('second@example.com');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="now-scans_bind"]')?.textContent === '2',
      null,
      {
        timeout: 1000,
      },
    );
    assert.equal(await now.textContent(), '2');

    // Bindings → the user's history → forced unbind with a reason.
    await page.getByRole('link', { name: '绑定', exact: true }).click();
    await page.getByLabel('邮箱、openid 或外部用户 ID').fill('first@');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.getByRole('link', { name: 'first@example.com' }).click();
    await page.getByText('wechat.bound').waitFor();
    await page.getByLabel('原因（会记入审计日志）').fill('用户申诉');
    await page.getByRole('button', { name: '解绑' }).click();
    await page.getByTestId('user-openid').getByText('未绑定').waitFor();
    await page.getByRole('cell', { name: 'wechat.unbound' }).waitFor();

    // The audit log, filtered, in English.
    await context.addCookies([{ name: 'lang', value: 'en', url: e2e.server.url }]);
    await page.goto(`${e2e.server.url}/admin/audit?kind=wechat.unbound`);
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    assert.match((await page.getByTestId('audit-table').textContent()) ?? '', /用户申诉/);
    await screenshot(page, 'admin-audit');
    assert.deepEqual(await axeViolations(page), [], 'audit log: no axe violations');

    // Health: quota and token from WeChat, then the doctor's checks.
    await page.goto(`${e2e.server.url}/admin/health`);
    assert.match((await page.getByTestId('health-quota').textContent()) ?? '', /used, \d+ left/);
    await page.getByRole('button', { name: 'Run checks' }).click();
    await page.locator('[data-check="token"][data-state="pass"]').waitFor();
    assert.equal(await page.locator('[data-check="menu"]').getAttribute('data-state'), 'pass');
    await screenshot(page, 'admin-health');
    assert.deepEqual(await axeViolations(page), [], 'health: no axe violations');
    await context.close();
  });

  it('a non-admin gets 404 on every admin page and 403 on every admin API', async () => {
    const { context, page } = await newPage(e2e.browser);
    await registerInBrowser(page, e2e.server.url, 'mallory@example.com', 'mallory password');
    assert.equal(await page.getByRole('link', { name: '后台' }).count(), 0, 'no admin link');
    for (const path of ['/admin', '/admin/bindings?q=a', '/admin/bindings/1', '/admin/audit', '/admin/health']) {
      const res = await page.goto(`${e2e.server.url}${path}`);
      assert.equal(res?.status(), 404, path);
    }
    const origin = { origin: e2e.server.url };
    const calls = [
      page.request.get(`${e2e.server.url}/api/admin/bindings?q=a`),
      page.request.get(`${e2e.server.url}/api/admin/users/1`),
      page.request.delete(`${e2e.server.url}/api/admin/users/1/binding`, {
        data: { reason: 'because I can' },
        headers: origin,
      }),
      page.request.get(`${e2e.server.url}/api/admin/audit?format=csv`),
      page.request.get(`${e2e.server.url}/api/admin/health`),
      page.request.post(`${e2e.server.url}/api/admin/doctor`, { headers: origin }),
    ];
    for (const res of await Promise.all(calls)) assert.equal(res.status(), 403, res.url());
    const admitted = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
          ws.onmessage = (e) => {
            const data = String(e.data);
            if (data.startsWith('0')) ws.send('40/admin,');
            else if (data.startsWith('44/admin') || data.startsWith('40/admin')) resolve(data.slice(0, 2));
          };
          ws.onerror = () => resolve('error');
        }),
      e2e.server.url,
    );
    assert.equal(admitted, '44', 'the live-chart namespace refuses the connection');
    await context.close();
  });
});
