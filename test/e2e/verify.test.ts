import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { hashPassword } from '../../lib/auth/password';
import { browserSkip, launchBrowser, newPage, screenshot } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

const TEMPLATE_ID = 'tmpl_code_0001';
/** The shape of template WeBind fills in (first, keyword1 = code, keyword2 = validity, remark), as an operator would pick it in the MP admin. */
const CODE_TEMPLATE = '{{first.DATA}}\n验证码：{{keyword1.DATA}}\n有效期：{{keyword2.DATA}}\n{{remark.DATA}}';

describe('forgot password in the browser', { skip: browserSkip }, () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer({ WECHAT_TEMPLATE_ID_CODE: TEMPLATE_ID });
    server.simulator!.driver.addTemplate(TEMPLATE_ID, { title: '验证码通知', content: CODE_TEMPLATE });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('resets a password with a code read on the simulated phone, then logs in with the new one', async () => {
    const { repos } = server.services;
    const user = await repos.users.create({
      email: 'walter@example.com',
      passwordHash: await hashPassword('old password 1'),
      now: Date.now(),
    });
    assert.ok(user);
    const phoneUser = server.simulator!.driver.user('walter', { following: true });
    await repos.bindings.insert({
      userId: user.id,
      openid: phoneUser.openid,
      boundAt: Date.now(),
      subscribed: true,
      subscribedChangedAt: null,
    });

    const { context, page } = await newPage(browser);
    await page.goto(`${server.url}/forgot-password`);
    await page.getByRole('heading', { name: '找回密码' }).waitFor();
    const qr = page.getByTestId('scan-qr');
    await qr.waitFor();
    const qrContent = await qr.getAttribute('data-qr-content');
    assert.ok(qrContent);
    await page.getByTestId('scan-status').getByText('等待扫码').waitFor();
    await screenshot(page, 'forgot-password');

    // The simulated phone: pick walter, scan the page's QR, read the code off the template card.
    const phone = await context.newPage();
    await phone.goto(`${server.url}/dev/wechat?qr=${encodeURIComponent(qrContent)}`);
    await phone.getByTestId('sim-user-select').selectOption(phoneUser.openid);
    await phone.locator(`[data-testid="sim-qr"][data-url="${qrContent}"]`).getByTestId('sim-qr-scan').click();
    const card = phone.getByTestId('sim-template').last();
    await card.waitFor();
    const values = await card.locator('dd').allTextContents();
    const code = values.find((v) => /^\d{6}$/.test(v.trim()))?.trim();
    assert.match((await card.textContent()) ?? '', /验证码/);
    assert.ok(code, 'the template card shows a six-digit code');
    await screenshot(phone, 'forgot-password-phone');
    await phone.close();

    await page.getByTestId('scan-status').getByText('验证码已发送到微信').waitFor();
    await page.getByText('验证码已发送到 w***@example.com 绑定的微信').waitFor();
    const wrong = code === '000000' ? '111111' : '000000';
    await page.getByLabel('验证码', { exact: true }).fill(wrong);
    await page.getByLabel('新密码').fill('walter new password');
    await page.getByRole('button', { name: '重置密码' }).click();
    await page.getByText('验证码不正确或已失效').waitFor();
    assert.equal(await page.getByLabel('新密码').inputValue(), 'walter new password', 'the form keeps what was typed');
    await screenshot(page, 'forgot-password-code');

    await page.getByLabel('验证码', { exact: true }).fill(code);
    await page.getByRole('button', { name: '重置密码' }).click();
    await page.getByTestId('reset-done').getByText('密码已重置').waitFor();
    await screenshot(page, 'forgot-password-done');

    await page.getByRole('link', { name: '去登录' }).click();
    await page.waitForURL('**/login');
    await page.getByRole('textbox', { name: '邮箱', exact: true }).fill('walter@example.com');
    await page.getByLabel('密码', { exact: true }).fill('walter new password');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL('**/settings');
    assert.equal(await page.getByTestId('account-email').textContent(), 'walter@example.com');
    await context.close();
  });

  it('takes an email instead, in English, on a phone-sized screen', async () => {
    const { repos } = server.services;
    const user = await repos.users.create({
      email: 'xena@example.com',
      passwordHash: await hashPassword('old password 1'),
      now: Date.now(),
    });
    assert.ok(user);
    const phoneUser = server.simulator!.driver.user('xena', { following: true });
    await repos.bindings.insert({
      userId: user.id,
      openid: phoneUser.openid,
      boundAt: Date.now(),
      subscribed: true,
      subscribedChangedAt: null,
    });

    const { context, page } = await newPage(browser, { locale: 'en-US', viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}/forgot-password`);
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await page.getByLabel('Email').fill('xena@example.com');
    await page.getByRole('button', { name: 'Send a code to my WeChat' }).click();
    await page.getByTestId('forgot-message').getByText('If an account with this email is bound to WeChat').waitFor();
    let code: string | undefined;
    for (let i = 0; i < 100 && !code; i++) {
      const card = phoneUser.timeline().find((e) => e.kind === 'template');
      code = card?.kind === 'template' ? card.rows.map((r) => r.value).find((v) => /^\d{6}$/.test(v)) : undefined;
      if (!code) await page.waitForTimeout(30);
    }
    assert.ok(code, 'the code reached the bound WeChat');
    await page.getByLabel('Code', { exact: true }).fill(code);
    await page.getByLabel('New password').fill('short');
    await page.getByRole('button', { name: 'Reset password' }).click();
    await page.getByText('The password needs at least 8 characters').waitFor();
    await page.getByLabel('New password').fill('xena new password');
    await page.getByRole('button', { name: 'Reset password' }).click();
    await page.getByTestId('reset-done').getByText('The new password of x***@example.com is in effect').waitFor();
    await screenshot(page, 'forgot-password-email-mobile');
    await context.close();
  });
});
