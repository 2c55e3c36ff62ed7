import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBindLink } from '../../lib/auth/bind-link';
import { createBoundUser } from '../helpers/accounts';
import { browserSkip, confirmByKeyword, registerInBrowser, screenshot, weChatBrowser } from '../helpers/browser';
import { axeViolations } from '../helpers/axe';
import { serverAndBrowser } from '../helpers/e2e';

describe('inside WeChat: web authorization in the browser', { skip: browserSkip }, () => {
  const e2e = serverAndBrowser();

  it('logs a bound follower in from /login with no QR and no typing', async () => {
    const alice = await createBoundUser(e2e.server, 'e2e-wa-alice');
    const { context, page, documents, scans } = await weChatBrowser(
      e2e.browser,
      e2e.server.url,
      alice.openid,
      '/login',
    );
    // WeChat's `#wechat_redirect` fragment survives the redirects (browsers keep a fragment the Location lacks).
    await page.waitForURL(/\/settings(#.*)?$/);
    assert.equal(await page.getByTestId('account-email').textContent(), alice.email);
    await page.getByTestId('wechat-binding').waitFor();
    assert.ok(documents.includes('/connect/oauth2/authorize') || documents.includes('/sim/connect/oauth2/authorize'));
    assert.deepEqual(scans, [], 'no QR was asked for');
    await screenshot(page, 'inside-wechat-logged-in');
    await context.close();
  });

  it('sends an unbound follower to the bind page, where registering ends bound', async () => {
    const phone = e2e.server.simulator!.driver.user('e2e-wa-bob', { following: true });
    const { context, page, scans } = await weChatBrowser(e2e.browser, e2e.server.url, phone.openid, '/login');
    await page.waitForURL(/\/bind-account\?/);
    await page.getByTestId('bind-tab-register').click();
    await page.getByLabel('邮箱', { exact: true }).fill('e2e-wa-bob@example.com');
    await page.getByLabel('密码', { exact: true }).fill('long password');
    await page.locator('form button[type=submit]').click();
    await page.waitForURL('**/settings');
    await page.getByTestId('wechat-binding').waitFor();
    const binding = await e2e.server.services.repos.bindings.findByOpenid(phone.openid);
    assert.ok(binding, 'bound');
    assert.deepEqual(scans, []);
    await context.close();
  });

  it('binds a signed-in user from settings inside WeChat', async () => {
    const phone = e2e.server.simulator!.driver.user('e2e-wa-carol', { following: true });
    const { context, page } = await weChatBrowser(e2e.browser, e2e.server.url, phone.openid, '/');
    await registerInBrowser(page, e2e.server.url, 'e2e-wa-carol@example.com');
    await page.getByTestId('bind-wechat-oauth').click();
    await page.waitForURL(/\/wechat\/web-auth\?done=bound(#.*)?$/);
    await page.getByTestId('web-auth-bound').waitFor();
    await page.goto(`${e2e.server.url}/settings`);
    await page.getByTestId('wechat-binding').waitFor();
    assert.ok(await e2e.server.services.repos.bindings.findByOpenid(phone.openid));
    await context.close();
  });

  it('refuses a forwarded signed link to another WeChat user; its owner binds with it', async () => {
    const owner = e2e.server.simulator!.driver.user('e2e-wa-kim', { following: true });
    const other = e2e.server.simulator!.driver.user('e2e-wa-lee', { following: true });
    const { config } = e2e.server.services;
    const link = new URL(createBindLink(config.publicUrl, config.appSecret, owner.openid, Date.now()));
    const path = link.pathname + link.search;

    const stranger = await weChatBrowser(e2e.browser, e2e.server.url, other.openid, path);
    await stranger.page.waitForURL(/\/wechat\/link\?/);
    const problem = stranger.page.getByTestId('link-problem');
    await problem.waitFor();
    assert.match((await problem.textContent()) ?? '', /属于另一个微信用户/);
    assert.equal(await stranger.page.locator('form').count(), 0);
    await stranger.context.close();

    const mine = await weChatBrowser(e2e.browser, e2e.server.url, owner.openid, path);
    await mine.page.waitForURL(/\/wechat\/link\?/);
    await mine.page.getByTestId('bind-tab-register').click();
    await mine.page.getByLabel('邮箱', { exact: true }).fill('e2e-wa-kim@example.com');
    await mine.page.getByLabel('密码', { exact: true }).fill('long password');
    await mine.page.locator('form button[type=submit]').click();
    await mine.page.waitForURL('**/settings');
    await mine.page.getByTestId('wechat-binding').waitFor();
    assert.equal(await e2e.server.services.repos.bindings.findByOpenid(other.openid), null);
    assert.ok(await e2e.server.services.repos.bindings.findByOpenid(owner.openid));
    await mine.context.close();
  });
});

describe('a signed link outside WeChat: the keyword code proves the reader', { skip: browserSkip }, () => {
  const e2e = serverAndBrowser();

  async function openLink(openid: string) {
    const { config } = e2e.server.services;
    const link = createBindLink(config.publicUrl, config.appSecret, openid, Date.now());
    const context = await e2e.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(link);
    const code = ((await page.getByTestId('keyword-code-value').textContent()) ?? '').trim();
    assert.match(code, /^[A-Z2-9]{6}$/);
    assert.equal(await page.locator('form').count(), 0, 'no bind form before the code');
    return { context, page, code };
  }

  it('refuses the link when the code is sent from another WeChat; its owner’s code opens the forms and binds', async () => {
    const owner = e2e.server.simulator!.driver.user('e2e-lr-amy', { following: true });
    const stranger = e2e.server.simulator!.driver.user('e2e-lr-ben', { following: true });

    const forwarded = await openLink(owner.openid);
    await stranger.send(forwarded.code);
    const status = forwarded.page.getByTestId('link-reader-status');
    await forwarded.page.getByTestId('link-reader').and(forwarded.page.locator('[data-status="conflict"]')).waitFor();
    assert.match((await status.textContent()) ?? '', /属于另一位微信用户/);
    assert.equal(await forwarded.page.locator('form').count(), 0);
    assert.deepEqual(await axeViolations(forwarded.page), [], 'the refusal');
    await forwarded.context.close();

    const mine = await openLink(owner.openid);
    await screenshot(mine.page, 'link-outside-wechat-code');
    assert.deepEqual(await axeViolations(mine.page), [], 'waiting for the code');
    await owner.send(mine.code);
    // Pushed over Socket.IO: the page takes its proof and shows the forms.
    await mine.page.getByTestId('bind-tab-register').click();
    await mine.page.getByLabel('邮箱', { exact: true }).fill('e2e-lr-amy@example.com');
    await mine.page.getByLabel('密码', { exact: true }).fill('long password');
    await mine.page.locator('form button[type=submit]').click();
    await mine.page.waitForURL('**/settings');
    await mine.page.getByTestId('wechat-binding').waitFor();
    assert.ok(await e2e.server.services.repos.bindings.findByOpenid(owner.openid));
    assert.equal(await e2e.server.services.repos.bindings.findByOpenid(stranger.openid), null);
    await mine.context.close();
  });
});

const PHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

describe('a phone outside WeChat: the keyword code leads', { skip: browserSkip }, () => {
  const e2e = serverAndBrowser();

  it('logs in through the keyword code shown first, with a copy button and the QR below', async () => {
    const user = await createBoundUser(e2e.server, 'e2e-kw-mia');
    const context = await e2e.browser.newContext({
      userAgent: PHONE_UA,
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${e2e.server.url}/login?next=%2Fsettings`);
    const hero = page.getByTestId('keyword-code').first();
    await hero.getByTestId('keyword-code-copy').waitFor();
    const code = ((await hero.getByTestId('keyword-code-value').textContent()) ?? '').trim();
    assert.match(code, /^\w{4,10}$/);
    // The code comes before the QR, which is still there.
    const [codeBox, qrBox] = await Promise.all([hero.boundingBox(), page.getByTestId('scan-qr').boundingBox()]);
    assert.ok(codeBox && qrBox && codeBox.y < qrBox.y, 'the keyword code leads');
    // The account's name and its follow QR, an image to long-press, between the code and the scannable QR.
    const follow = page.getByTestId('follow-account');
    assert.match((await follow.getByTestId('follow-account-name').textContent()) ?? '', /公众号「WeBind」/);
    const followImage = follow.getByTestId('follow-qr');
    assert.ok(await followImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth >= 160));
    const followBox = await follow.boundingBox();
    assert.ok(followBox && followBox.y > codeBox.y && followBox.y < qrBox.y, 'code, follow QR, then the QR');
    const followUrl = await follow.getAttribute('data-qr-content');
    assert.ok(e2e.server.simulator!.driver.qrs().some((q) => q.url === followUrl && q.permanent));
    assert.deepEqual(await axeViolations(page), [], 'the phone layout');
    await screenshot(page, 'phone-login-keyword-first');

    await confirmByKeyword(context, user.phone, code);
    await page.waitForURL('**/settings');
    assert.equal(await page.getByTestId('account-email').textContent(), user.email);
    await context.close();
  });
});
