import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { browserSkip, launchBrowser, newPage, registerInBrowser } from '../helpers/browser';
import { serverAndBrowser } from '../helpers/e2e';
import { startTestServer, TEST_DIALECT, type TestServer } from '../helpers/server';

describe('the simulator keeps its world across a restart', { skip: browserSkip || TEST_DIALECT !== 'sqlite' }, () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer({ LOGIN_CONFIRM: 'none' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('users, follow state, chats and bindings survive; a bound WeChat still logs in after the restart', async () => {
    const { context, page } = await newPage(browser);
    await registerInBrowser(page, server.url, 'wendy@example.com');
    await page.getByTestId('bind-wechat').click();
    await page.getByTestId('scan-qr').waitFor();
    const wendy = server.simulator!.driver.user('wendy', { following: true });
    await wendy.scan((await page.getByTestId('scan-qr').getAttribute('data-qr-content'))!);
    await page.getByTestId('wechat-binding').waitFor();
    await wendy.send('你好');
    const before = wendy.timeline().length;
    const openid = wendy.openid;
    await context.close();

    await server.stop({ keepData: true });
    assert.ok(existsSync(path.join(server.dataDir, 'simulator-world.json')), 'the world is saved next to the database');
    server = await startTestServer({ LOGIN_CONFIRM: 'none' }, server);

    const again = server.simulator!.driver.users().find((u) => u.nickname === 'wendy');
    assert.ok(again, 'wendy is still known to the simulator');
    assert.equal(again.openid, openid);
    assert.equal(again.following, true);
    assert.equal(server.simulator!.driver.user('wendy').timeline().length, before, 'her chat is kept');

    // The phone page shows her chat as before.
    const phoneTab = await newPage(browser, { viewport: { width: 390, height: 844 } });
    await phoneTab.page.goto(`${server.url}/dev/wechat`);
    await phoneTab.page.getByTestId('sim-user-select').selectOption(openid);
    await phoneTab.page.locator('[data-testid="sim-entry"]', { hasText: '你好' }).waitFor();
    await phoneTab.context.close();

    // And the app's binding still points at a WeChat user that exists: scanning logs her in.
    const login = await newPage(browser);
    await login.page.goto(`${server.url}/login?next=%2Fsettings`);
    await login.page.getByTestId('scan-qr').waitFor();
    await server
      .simulator!.driver.user('wendy')
      .scan((await login.page.getByTestId('scan-qr').getAttribute('data-qr-content'))!);
    await login.page.waitForURL('**/settings');
    assert.equal(await login.page.getByTestId('account-email').textContent(), 'wendy@example.com');
    await login.context.close();
  });
});

describe("the simulator phone's in-app browser has its own cookie jar", { skip: browserSkip }, () => {
  const e2e = serverAndBrowser();

  it('a signed link opened in the phone does not see the desktop session, and registering there keeps it', async () => {
    const { context, page } = await newPage(e2e.browser);
    await registerInBrowser(page, e2e.server.url, 'desk@example.com');
    // The phone page in the same browser profile, as a developer opens it next to the site.
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${e2e.server.url}/dev/wechat`);
    const user = e2e.server.simulator!.driver.user('pia', { following: true });
    await phone.getByTestId('sim-user-select').selectOption(user.openid);
    await user.send('绑定');
    await phone.getByTestId('sim-link').last().click();
    const frame = phone.frameLocator('[data-testid="sim-browser-frame"]');
    await frame.getByTestId('link-page').waitFor();
    // Not signed in inside the phone: the top bar offers 登录, not the desktop user's settings.
    await frame.getByRole('link', { name: '登录', exact: true }).waitFor();
    assert.equal(await frame.getByRole('link', { name: '账号设置' }).count(), 0);

    await frame.getByTestId('bind-tab-register').click();
    await frame.getByLabel('邮箱', { exact: true }).fill('pia@example.com');
    await frame.getByLabel('密码', { exact: true }).fill('pia password');
    await frame.getByRole('button', { name: '注册并绑定' }).click();
    await frame.getByTestId('wechat-binding').waitFor();
    assert.equal(await frame.getByTestId('account-email').textContent(), 'pia@example.com');

    // The desktop tab is still desk@example.com.
    await page.reload();
    assert.equal(await page.getByTestId('account-email').textContent(), 'desk@example.com');
    await context.close();
  });
});
