import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { browserSkip, newPage, readQr, screenshot } from '../helpers/browser';
import { createBoundUser } from '../helpers/accounts';
import { serverAndBrowser } from '../helpers/e2e';

const TEMPLATE_ID = 'tmpl_code_0001';
/** The shape of template WeBind fills in (first, keyword1 = code, keyword2 = validity, remark), as an operator would pick it in the MP admin. */
const CODE_TEMPLATE = '{{first.DATA}}\n验证码：{{keyword1.DATA}}\n有效期：{{keyword2.DATA}}\n{{remark.DATA}}';

describe('forgot password in the browser', { skip: browserSkip }, () => {
  const e2e = serverAndBrowser({ WECHAT_TEMPLATE_ID_CODE: TEMPLATE_ID }, (s) => {
    s.simulator!.driver.addTemplate(TEMPLATE_ID, { title: '验证码通知', content: CODE_TEMPLATE });
  });

  it('resets a password with a code read on the simulated phone, then logs in with the new one', async () => {
    const { phone: phoneUser } = await createBoundUser(e2e.server, 'walter', { password: 'old password 1' });

    const { context, page } = await newPage(e2e.browser);
    await page.goto(`${e2e.server.url}/forgot-password`);
    await page.getByRole('heading', { name: '找回密码' }).waitFor();
    const qrContent = await readQr(page);
    await page.getByTestId('scan-status').getByText('等待扫码').waitFor();
    await screenshot(page, 'forgot-password');

    // The simulated phone: pick walter, scan the page's QR, read the code off the account's reply (the scan
    // is answered at once: the delivery chain's passive reply).
    const phone = await context.newPage();
    await phone.goto(`${e2e.server.url}/dev/wechat?qr=${encodeURIComponent(qrContent)}`);
    await phone.getByTestId('sim-user-select').selectOption(phoneUser.openid);
    await phone.locator(`[data-testid="sim-qr"][data-url="${qrContent}"]`).getByTestId('sim-qr-scan').click();
    const reply = phone.locator('[data-testid="sim-entry"]', { hasText: '验证码：' }).last();
    await reply.waitFor();
    const code = /验证码：(\d{6})/.exec((await reply.textContent()) ?? '')?.[1];
    assert.ok(code, 'the reply shows a six-digit code');
    await screenshot(phone, 'forgot-password-phone');
    await phone.close();

    await page.getByTestId('scan-status').getByText('验证码已发送到微信').waitFor();
    await page.getByText('验证码已发送到你刚才扫码的微信').waitFor();
    assert.doesNotMatch((await page.textContent('body')) ?? '', /w\*\*\*@example\.com/, 'no account before the code');
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
    await page.getByTestId('reset-done').getByText('w***@example.com').waitFor();
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
    const { phone: phoneUser } = await createBoundUser(e2e.server, 'xena', { password: 'old password 1' });

    const { context, page } = await newPage(e2e.browser, { locale: 'en-US', viewport: { width: 390, height: 844 } });
    await page.goto(`${e2e.server.url}/forgot-password`);
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
