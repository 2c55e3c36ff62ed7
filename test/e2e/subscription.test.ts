import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { hashPassword } from '../../lib/auth/password';
import { browserSkip, launchBrowser, newPage, registerInBrowser, screenshot } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';
import { linkInReply } from '../helpers/wechat';

/** The keyword code the page shows as its hero (a subscription account has no parametric QR). */
async function keywordOnPage(page: Page): Promise<string> {
  const value = page.getByTestId('keyword-code-value');
  await value.waitFor();
  const code = ((await value.textContent()) ?? '').trim();
  assert.match(code, /^[A-HJ-NP-Z2-9]{6}$/);
  assert.equal(await page.getByTestId('scan-qr').count(), 0, 'no QR on a subscription account');
  return code;
}

describe('a subscription account: bind, log in and reset through keyword codes', { skip: browserSkip }, () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer({ WECHAT_ACCOUNT_TYPE: 'subscription', WECHAT_ACCOUNT_NAME: '小绑助手' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the simulated WeChat refuses qrcode/create to this account with 48001, and WeBind never asks', async () => {
    await assert.rejects(server.services.wechat.createTempQr({ sceneStr: 'wb_probe' }, 60), { errcode: 48001 });
  });

  it('binds: the settings page shows the code and the account name; the follower sends it (in lower case)', async () => {
    const { context, page } = await newPage(browser);
    await registerInBrowser(page, server.url, 'sub-bind@example.com', 'sub bind password');
    await page.getByTestId('bind-wechat').click();
    const code = await keywordOnPage(page);
    await page.getByText('小绑助手').first().waitFor();
    await screenshot(page, 'subscription-bind-code');
    const phone = server.simulator!.driver.user('sub-binder', { following: true });
    const sent = await phone.send(code.toLowerCase());
    assert.match(sent.reply ?? '', /已绑定到账号 s\*\*\*@example\.com/);
    await page.getByTestId('wechat-binding').waitFor();
    const creates = server
      .simulator!.driver.apiCalls()
      .filter((c) => c.path === '/cgi-bin/qrcode/create' && c.errcode === 0);
    assert.equal(creates.length, 0, 'no parametric QR was created');
    await context.close();
  });

  it('logs in: the login page shows a code, the bound follower sends it and confirms on the phone', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${server.url}/login?next=%2Fsettings`);
    const code = await keywordOnPage(page);
    await screenshot(page, 'subscription-login-code');
    const phone = server.simulator!.driver.user('sub-binder');
    const sent = await phone.send(code);
    const href = linkInReply(sent.reply);
    await page.getByTestId('scan-status').getByText('已扫码，请在手机上确认').waitFor();
    const confirm = await context.newPage();
    await confirm.goto(href);
    await confirm.getByTestId('confirm-login').click();
    await confirm.getByTestId('confirm-result').waitFor();
    await page.waitForURL('**/settings');
    assert.equal(await page.getByTestId('account-email').textContent(), 'sub-bind@example.com');
    await context.close();
  });

  it('resets a password: the forgot page shows a code; the reply to it carries the reset code', async () => {
    const { repos } = server.services;
    const user = await repos.users.create({
      email: 'sub-reset@example.com',
      passwordHash: await hashPassword('old password 1'),
      now: Date.now(),
    });
    assert.ok(user);
    const phone = server.simulator!.driver.user('sub-resetter', { following: true });
    await repos.bindings.insert({
      userId: user.id,
      openid: phone.openid,
      boundAt: Date.now(),
      subscribed: true,
      subscribedChangedAt: null,
    });
    const { context, page } = await newPage(browser);
    await page.goto(`${server.url}/forgot-password`);
    const keyword = await keywordOnPage(page);
    const sent = await phone.send(keyword);
    const code = /验证码：(\d{6})/.exec(sent.reply ?? '')?.[1];
    assert.ok(code, `the code in the reply: ${sent.reply}`);
    await page.getByTestId('scan-status').getByText('验证码已发送到微信').waitFor();
    await page.getByLabel('验证码', { exact: true }).fill(code);
    await page.getByLabel('新密码').fill('sub new password');
    await page.getByRole('button', { name: '重置密码' }).click();
    await page.getByTestId('reset-done').getByText('密码已重置').waitFor();
    await screenshot(page, 'subscription-reset-done');
    await context.close();
  });
});
