import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSkip, newPage, readQr, screenshot } from '../helpers/browser';
import { createBoundUser } from '../helpers/accounts';
import { serverAndBrowser } from '../helpers/e2e';

describe('the WeChat simulator in the browser', { skip: browserSkip }, () => {
  const e2e = serverAndBrowser();

  async function register(page: Page, email: string): Promise<void> {
    await page.goto(`${e2e.server.url}/register`);
    await page.getByLabel('邮箱', { exact: true }).fill(email);
    await page.getByLabel('密码', { exact: true }).fill('correct horse battery');
    await page.getByRole('button', { name: '注册' }).click();
    await page.waitForURL('**/settings');
  }

  async function createSimUser(phone: Page, nickname: string): Promise<void> {
    await phone.getByTestId('sim-user-name').fill(nickname);
    await phone.getByTestId('sim-user-create').click();
    await phone
      .getByTestId('sim-user-select')
      .locator('option:checked', { hasText: nickname })
      .waitFor({ state: 'attached' });
  }

  it('in one window with two tabs: the phone scans the QR the settings page shows, and the page shows the binding', async () => {
    const { context, page: site } = await newPage(e2e.browser);
    await register(site, 'quinn@example.com');
    await site.getByTestId('bind-wechat').click();
    const qrContent = await readQr(site);
    assert.match(qrContent ?? '', /^http:\/\/weixin\.qq\.com\/q\//);

    // The QR panel's "open in simulator" link opens the phone page in a second tab with the QR preselected.
    const [phone] = await Promise.all([context.waitForEvent('page'), site.getByTestId('open-simulator').click()]);
    await phone.waitForLoadState();
    assert.equal(new URL(phone.url()).searchParams.get('qr'), qrContent);
    await phone.getByText('微信模拟器', { exact: true }).waitFor();
    assert.equal(await phone.getByTestId('sim-paste').inputValue(), qrContent);
    await createSimUser(phone, '小明');
    await phone.getByTestId('sim-profile-follow').waitFor();

    const item = phone.locator(`[data-testid="sim-qr"][data-url="${qrContent}"]`);
    await item.waitFor();
    await item.getByTestId('sim-qr-scan').click();

    const reply = phone.locator('[data-testid="sim-entry"][data-kind="account_text"]').last();
    await reply.waitFor();
    assert.match((await reply.textContent()) ?? '', /q\*\*\*@example\.com/);
    assert.equal(await phone.getByTestId('sim-following').textContent(), '已关注');

    // The app's tab reacts at once, without a reload.
    await site.getByTestId('wechat-binding').waitFor();
    assert.match(
      (await site
        .getByTestId('scan-status')
        .textContent()
        .catch(() => '')) ?? '',
      /绑定成功|^$/,
    );
    await screenshot(phone, 'simulator-phone');
    await screenshot(site, 'simulator-site-bound');
    await context.close();
  });

  it("opens links in the account's replies like WeChat's in-app browser, and says so when a QR has expired", async () => {
    const { context, page: phone } = await newPage(e2e.browser);
    await phone.goto(`${e2e.server.url}/dev/wechat`);
    await createSimUser(phone, '小红');
    await phone.getByTestId('sim-profile-follow').click();
    await phone.locator('[data-testid="sim-entry"][data-kind="notice:followed"]').waitFor();
    await phone.getByTestId('sim-menu-bind').click();
    const link = phone.getByTestId('sim-link').last();
    await link.waitFor();
    const href = await link.getAttribute('href');
    assert.ok(href?.startsWith('http'), `a link in the reply: ${href}`);
    await link.click();
    const frame = phone.getByTestId('sim-browser-frame');
    await frame.waitFor();
    // The frame opens the link through the simulated WeChat's in-app browser, as the selected user.
    assert.equal(await frame.getAttribute('data-url'), href);
    const src = new URL((await frame.getAttribute('src')) ?? '', e2e.server.url);
    assert.equal(src.pathname, '/sim/browser/open');
    assert.equal(src.searchParams.get('url'), href);
    await screenshot(phone, 'simulator-in-app-browser');
    await phone.getByTestId('sim-browser-close').click();
    await frame.waitFor({ state: 'detached' });

    // Typing a message.
    await phone.getByTestId('sim-toggle').click();
    await phone.getByTestId('sim-input').fill('你好');
    await phone.getByTestId('sim-send').click();
    await phone.locator('[data-testid="sim-entry"][data-kind="user_text"]', { hasText: '你好' }).waitFor();

    // An expired QR: nothing is sent, the phone says it expired.
    const qr = await e2e.server.services.wechat.createTempQr({ sceneStr: 'e2e-expired' }, 60);
    e2e.server.simulator!.driver.expireQr(qr.url);
    const before = e2e.server.simulator!.driver.deliveries().length;
    await phone.getByTestId('sim-paste').fill(qr.url);
    await phone.getByTestId('sim-paste-scan').click();
    await phone.getByTestId('sim-toast').filter({ hasText: '二维码已过期' }).waitFor();
    assert.equal(e2e.server.simulator!.driver.deliveries().length, before);
    await context.close();
  });

  it('opens a typed site URL in the phone’s WeChat browser: a bound follower is logged in at /login with no QR and no typing', async () => {
    const alice = await createBoundUser(e2e.server, 'e2e-inapp-alice');
    const { context, page: phone } = await newPage(e2e.browser);
    const paths: string[] = [];
    phone.on('request', (r) => paths.push(new URL(r.url()).pathname));
    await phone.goto(`${e2e.server.url}/dev/wechat`);
    await phone.getByTestId('sim-user-select').selectOption(alice.openid);
    await phone.getByTestId('sim-browser-address').fill('/login');
    await phone.getByTestId('sim-browser-go').click();
    const inside = phone.frameLocator('[data-testid="sim-browser-frame"]');
    await inside.getByTestId('wechat-binding').waitFor();
    assert.equal(await inside.getByTestId('account-email').textContent(), alice.email);
    assert.ok(paths.includes('/sim/connect/oauth2/authorize'), 'web authorization, silently');
    assert.ok(!paths.includes('/api/scan'), 'no QR was asked for');
    await screenshot(phone, 'simulator-in-app-login');
    // The phone's browser has a cookie jar of its own: the desktop tab is neither signed in nor "in WeChat".
    assert.equal(await phone.evaluate(async () => (await fetch('/api/me')).status), 401);
    await phone.goto(`${e2e.server.url}/login`);
    await phone.getByTestId('scan-card').waitFor();
    assert.equal(new URL(phone.url()).pathname, '/login');
    await context.close();
  });

  it('in the phone’s WeChat browser an unbound follower lands on the bind page from /login and ends bound', async () => {
    const phoneUser = e2e.server.simulator!.driver.user('e2e-inapp-ben', { following: true });
    const { context, page: phone } = await newPage(e2e.browser);
    await phone.goto(`${e2e.server.url}/dev/wechat`);
    await phone.getByTestId('sim-user-select').selectOption(phoneUser.openid);
    await phone.getByTestId('sim-browser-address').fill('/login');
    await phone.getByTestId('sim-browser-go').click();
    const inside = phone.frameLocator('[data-testid="sim-browser-frame"]');
    await inside.getByTestId('bind-tab-register').click();
    await inside.getByLabel('邮箱', { exact: true }).fill('e2e-inapp-ben@example.com');
    await inside.getByLabel('密码', { exact: true }).fill('long password');
    await inside.locator('form button[type=submit]').click();
    await inside.getByTestId('wechat-binding').waitFor();
    const binding = await e2e.server.services.repos.bindings.findByOpenid(phoneUser.openid);
    const user = await e2e.server.services.repos.users.findByEmail('e2e-inapp-ben@example.com');
    assert.ok(binding && user && binding.userId === user.id, 'bound to the new account');
    await context.close();
  });

  it('speaks English and lists new QR codes live, newest first', async () => {
    const { context, page: phone } = await newPage(e2e.browser, { locale: 'en-US' });
    await phone.goto(`${e2e.server.url}/dev/wechat`);
    await phone.getByRole('heading', { name: 'WeChat simulator' }).waitFor();
    const first = await e2e.server.services.wechat.createTempQr({ sceneStr: 'live-1' }, 300);
    const second = await e2e.server.services.wechat.createTempQr({ sceneStr: 'live-2' }, 300);
    await phone.locator(`[data-testid="sim-qr"][data-url="${second.url}"]`).waitFor();
    const urls = await phone.getByTestId('sim-qr').evaluateAll((els) => els.map((e) => e.getAttribute('data-url')));
    assert.ok(urls.indexOf(second.url) < urls.indexOf(first.url), 'newest first');
    await screenshot(phone, 'simulator-phone-en');
    await context.close();
  });
});
