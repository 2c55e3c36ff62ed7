import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { browserSkip, newPage, screenshot } from '../helpers/browser';
import { serverAndBrowser } from '../helpers/e2e';

describe('accounts in the browser', { skip: browserSkip }, () => {
  const e2e = serverAndBrowser();

  it('registers, logs out, logs in and sees the settings page — in Chinese', async () => {
    const { context, page } = await newPage(e2e.browser);
    await page.goto(`${e2e.server.url}/`);
    await screenshot(page, 'home');
    await page.getByRole('link', { name: '注册', exact: true }).click();
    await page.getByLabel('邮箱', { exact: true }).fill('grace@example.com');
    await page.getByLabel('密码', { exact: true }).fill('short');
    await page.getByRole('button', { name: '注册' }).click();
    await page.getByText('密码至少需要 8 位').waitFor();
    assert.equal(
      await page.getByLabel('邮箱', { exact: true }).inputValue(),
      'grace@example.com',
      'the form keeps what the user typed',
    );
    await page.getByLabel('密码', { exact: true }).fill('grace password');
    await page.getByRole('button', { name: '注册' }).click();
    await page.waitForURL('**/settings');
    assert.equal(await page.getByTestId('account-email').textContent(), 'grace@example.com');
    await page.getByTestId('logout').click();
    await page.waitForURL('**/login');
    await page.getByLabel('邮箱', { exact: true }).fill('grace@example.com');
    await page.getByLabel('密码', { exact: true }).fill('wrong password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('邮箱或密码不正确').waitFor();
    await screenshot(page, 'login-error');
    await page.getByLabel('密码', { exact: true }).fill('grace password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL('**/settings');
    await page.getByRole('heading', { name: '账号设置' }).waitFor();
    await context.close();
  });

  it('works in English after the language switch', async () => {
    const { context, page } = await newPage(e2e.browser);
    await page.goto(`${e2e.server.url}/register`);
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await page.getByLabel('Email').fill('heidi@example.com');
    await page.getByLabel('Password').fill('heidi password');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL('**/settings');
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.goto(`${e2e.server.url}/settings`);
    assert.equal(await page.getByTestId('account-email').textContent(), 'heidi@example.com');
    await context.close();
  });

  it('sends a signed-out visitor of /settings to the login page and back', async () => {
    const { context, page } = await newPage(e2e.browser);
    await page.goto(`${e2e.server.url}/settings`);
    await page.waitForURL('**/login?next=%2Fsettings');
    await page.getByLabel('邮箱', { exact: true }).fill('grace@example.com');
    await page.getByLabel('密码', { exact: true }).fill('grace password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL('**/settings');
    await context.close();
  });
});
