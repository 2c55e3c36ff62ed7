import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { PHONE } from '../helpers/axe';
import { browserSkip, newPage } from '../helpers/browser';
import { TestClient } from '../helpers/client';
import { serverAndBrowser } from '../helpers/e2e';

function countScans(page: Page): { readonly count: number } {
  const counter = { count: 0 };
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/scan') counter.count++;
  });
  return counter;
}

describe('the login page', { skip: browserSkip }, () => {
  const e2e = serverAndBrowser();

  it('a second login tab follows the first: when one tab logs in, the other says so and offers to go on', async () => {
    await new TestClient(e2e.server.url).post('/api/auth/register', {
      email: 'tab@example.com',
      password: 'long password',
    });
    const { context, page: first } = await newPage(e2e.browser);
    await first.goto(`${e2e.server.url}/login?next=%2Fsettings`);
    await first.getByTestId('scan-qr').waitFor();
    const second = await context.newPage();
    await second.goto(`${e2e.server.url}/login?next=%2Fsettings`);
    await second.getByLabel('邮箱', { exact: true }).fill('tab@example.com');
    await second.getByLabel('密码', { exact: true }).fill('long password');
    await second.getByRole('button', { name: '登录', exact: true }).click();
    await second.waitForURL('**/settings');

    await first.getByTestId('login-elsewhere').getByText('你已在另一个标签页登录').waitFor();
    assert.equal(await first.getByTestId('scan-qr').count(), 0, 'the other tab stops showing its QR');
    await first.getByTestId('login-elsewhere-continue').click();
    await first.waitForURL('**/settings');
    await context.close();
  });

  it('on a phone-sized screen the password form leads and no QR is made until asked for', async () => {
    const { context, page } = await newPage(e2e.browser, { viewport: PHONE });
    const scans = countScans(page);
    await page.goto(`${e2e.server.url}/login`);
    await page.getByTestId('show-login-qr').waitFor();
    const passwordTop = (await page.locator('.login-password').boundingBox())!.y;
    const qrTop = (await page.locator('.login-qr').boundingBox())!.y;
    assert.ok(passwordTop < qrTop, 'the password card comes first');
    await page.waitForTimeout(1000);
    assert.equal(scans.count, 0, 'no QR for a screen that cannot be scanned by itself');
    await page.getByTestId('show-login-qr').click();
    await page.getByTestId('scan-qr').waitFor();
    assert.equal(scans.count, 1);
    await context.close();
  });

  it('no page is wider than a 390 px phone', async () => {
    const { context, page } = await newPage(e2e.browser, { viewport: PHONE });
    // A live QR, so the simulator lists one (its long URL once widened the page to 402 px).
    await page.goto(`${e2e.server.url}/forgot-password`);
    await page.getByTestId('scan-qr').waitFor();
    for (const path of ['/', '/login', '/register', '/forgot-password', '/dev/wechat', '/nowhere']) {
      await page.goto(`${e2e.server.url}${path}`);
      await page.waitForLoadState('networkidle');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `${path} is ${width} px wide`);
    }
    await context.close();
  });
});
