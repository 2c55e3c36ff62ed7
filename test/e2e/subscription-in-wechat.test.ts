import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBindLink } from '../../lib/auth/bind-link';
import { createBoundUser } from '../helpers/accounts';
import { axeViolations } from '../helpers/axe';
import { browserSkip, confirmByKeyword, registerInBrowser, screenshot, weChatBrowser } from '../helpers/browser';
import { serverAndBrowser } from '../helpers/e2e';

const authorized = (documents: string[]) => documents.filter((p) => p.endsWith('/connect/oauth2/authorize'));

// A subscription account has no web authorization (WeChat answers 10005): inside WeChat's browser WeBind
// offers the keyword code instead, the phone layout with its copy button.
describe('a subscription account inside WeChat: the keyword code instead of web authorization', {
  skip: browserSkip,
}, () => {
  const e2e = serverAndBrowser({ WECHAT_ACCOUNT_TYPE: 'subscription', WECHAT_ACCOUNT_NAME: '小绑助手' });

  it('logs a bound follower in through the keyword code, never visiting the authorize page', async () => {
    const user = await createBoundUser(e2e.server, 'e2e-subwx-mia');
    const { context, page, documents } = await weChatBrowser(
      e2e.browser,
      e2e.server.url,
      user.openid,
      '/login?next=%2Fsettings',
    );
    await page.waitForURL(/\/login\?next=%2Fsettings$/);
    const hero = page.getByTestId('keyword-code').first();
    await hero.getByTestId('keyword-code-copy').waitFor();
    const code = ((await hero.getByTestId('keyword-code-value').textContent()) ?? '').trim();
    assert.match(code, /^[A-HJ-NP-Z2-9]{6}$/);
    assert.match((await hero.textContent()) ?? '', /小绑助手/);
    assert.equal(await page.getByTestId('scan-qr').count(), 0, 'no QR on a subscription account');
    await page.getByRole('heading', { name: '微信口令登录' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the keyword code inside WeChat');
    await screenshot(page, 'subscription-inside-wechat-login');

    // The follower taps the link in the chat: it opens in WeChat's browser too.
    await confirmByKeyword(context, user.phone, code);
    await page.waitForURL(/\/settings(#.*)?$/);
    assert.equal(await page.getByTestId('account-email').textContent(), user.email);
    await page.getByTestId('wechat-binding').waitFor();
    assert.deepEqual(authorized(documents), [], 'WeChat’s authorize page was never opened');
    await context.close();
  });

  it('a signed link opened in WeChat asks for the keyword code; its owner’s code opens the forms and binds', async () => {
    const owner = e2e.server.simulator!.driver.user('e2e-subwx-kim', { following: true });
    const { config } = e2e.server.services;
    const link = new URL(createBindLink(config.publicUrl, config.appSecret, owner.openid, Date.now()));
    const { context, page, documents } = await weChatBrowser(
      e2e.browser,
      e2e.server.url,
      owner.openid,
      link.pathname + link.search,
    );
    await page.waitForURL(/\/wechat\/link\?/);
    const code = ((await page.getByTestId('keyword-code-value').textContent()) ?? '').trim();
    assert.match(code, /^[A-HJ-NP-Z2-9]{6}$/);
    assert.equal(await page.locator('form').count(), 0, 'no bind form before the code');
    await owner.send(code);
    await page.getByTestId('bind-tab-register').click();
    await page.getByLabel('邮箱', { exact: true }).fill('e2e-subwx-kim@example.com');
    await page.getByLabel('密码', { exact: true }).fill('long password');
    await page.locator('form button[type=submit]').click();
    await page.waitForURL('**/settings');
    await page.getByTestId('wechat-binding').waitFor();
    assert.ok(await e2e.server.services.repos.bindings.findByOpenid(owner.openid));
    assert.deepEqual(authorized(documents), []);
    await context.close();
  });

  it('binds from settings inside WeChat through the keyword code, not "bind with this WeChat"', async () => {
    const phone = e2e.server.simulator!.driver.user('e2e-subwx-lee', { following: true });
    const { context, page, documents } = await weChatBrowser(e2e.browser, e2e.server.url, phone.openid, '/');
    await registerInBrowser(page, e2e.server.url, 'e2e-subwx-lee@example.com');
    assert.equal(await page.getByTestId('bind-wechat-oauth').count(), 0);
    await page.getByTestId('bind-wechat').click();
    const hero = page.getByTestId('keyword-code').first();
    await hero.getByTestId('keyword-code-copy').waitFor();
    const code = ((await hero.getByTestId('keyword-code-value').textContent()) ?? '').trim();
    const sent = await phone.send(code);
    assert.match(sent.reply ?? '', /已绑定到账号/);
    await page.getByTestId('wechat-binding').waitFor();
    assert.ok(await e2e.server.services.repos.bindings.findByOpenid(phone.openid));
    assert.deepEqual(authorized(documents), []);
    await context.close();
  });
});
