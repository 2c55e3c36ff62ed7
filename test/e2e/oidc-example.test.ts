import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserSkip, launchBrowser, newPage, readQr, registerInBrowser, screenshot } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

const SECRET = 'example-site-secret-0123456789abcdef0123';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/** Starts examples/authjs-site as its own process, the way its README says. */
function startExample(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['examples/authjs-site/server.mjs'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`example did not start: ${output}`)), 20_000);
    child.stderr!.on('data', (d) => (output += d));
    child.once('exit', (code) => reject(new Error(`example exited (${code}): ${output}`)));
    child.stdout!.on('data', (d) => {
      output += d;
      if (output.includes('example site listening')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
  });
}

describe('an Auth.js site signs in with WeChat through WeBind', { skip: browserSkip }, () => {
  let server: TestServer;
  let browser: Browser;
  let example: ChildProcess;
  let site: string;

  before(async () => {
    const port = await freePort();
    // Another host than WeBind's `localhost`, so the two sites keep their cookies apart as in production.
    site = `http://127.0.0.1:${port}`;
    server = await startTestServer({
      OIDC_CLIENTS: JSON.stringify([
        {
          client_id: 'example-site',
          client_secret: SECRET,
          redirect_uris: [`${site}/auth/callback/webind`],
          post_logout_redirect_uris: [`${site}/`],
        },
      ]),
    });
    example = await startExample({
      PORT: String(port),
      WEBIND_ISSUER: `${server.url}/oidc`,
      WEBIND_CLIENT_ID: 'example-site',
      WEBIND_CLIENT_SECRET: SECRET,
      AUTH_SECRET: 'example-auth-secret-0123456789abcdef0123456789',
    });
    browser = await launchBrowser();
  });
  after(async () => {
    example?.kill();
    await browser?.close();
    await server?.stop();
  });

  async function startSignIn(page: Page) {
    await page.goto(site);
    await page.getByTestId('rp-signin').click();
    await page.getByRole('button', { name: /WeBind/ }).click();
  }

  it('scan + phone confirmation signs in, the claims show, and the second sign-in skips consent', async () => {
    // A WeBind account bound to the simulator's user "wen".
    const setup = await newPage(browser);
    await registerInBrowser(setup.page, server.url, 'wen@example.com');
    await setup.page.getByTestId('bind-wechat').click();
    await setup.page.getByTestId('scan-qr').waitFor();
    await server.simulator!.driver.user('wen', { following: true }).scan(await readQr(setup.page));
    await setup.page.getByTestId('wechat-binding').waitFor();
    await setup.context.close();
    const wenOpenid = server.simulator!.driver.user('wen').info().openid;

    const { context, page } = await newPage(browser);
    const visited: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) visited.push(frame.url());
    });
    await startSignIn(page);
    await page.waitForURL(`${server.url}/login?**`);
    await page.getByTestId('oidc-client').getByText('example-site').waitFor();
    await page.getByTestId('scan-qr').waitFor();
    await screenshot(page, 'oidc-login');

    // The simulator's phone scans the QR and confirms in its WeChat browser.
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 420, height: 860 });
    await phone.goto(`${server.url}/dev/wechat`);
    await phone.getByTestId('sim-user-select').selectOption(wenOpenid);
    const item = phone.locator(`[data-testid="sim-qr"][data-url="${await readQr(page)}"]`);
    await item.waitFor();
    await item.getByTestId('sim-qr-scan').click();
    await phone.getByTestId('sim-link').last().click();
    const frame = phone.frameLocator('[data-testid="sim-browser-frame"]');
    await frame.getByTestId('confirm-login').click();

    await page.waitForURL(`${server.url}/authorize?**`);
    await page.getByTestId('oidc-consent').getByText('example-site').first().waitFor();
    await screenshot(page, 'oidc-consent');
    await page.getByTestId('oidc-allow').click();

    await page.waitForURL(`${site}/`);
    const claims = JSON.parse((await page.getByTestId('rp-claims').textContent())!);
    await screenshot(page, 'oidc-example-signed-in');
    assert.deepEqual(claims.amr, ['wechat_scan', 'phone_confirm']);
    assert.equal(claims.acr, 'urn:webind:loa:2');
    assert.equal(claims.wechat_openid, wenOpenid);
    assert.equal(claims.email, 'wen@example.com');
    assert.equal(claims.email_verified, false);
    assert.match(claims.sub, /^\d+$/);
    assert.ok(visited.some((u) => u.startsWith(`${server.url}/authorize`)));

    // Sign out of the example site only, then sign in again: WeBind remembers both the user and the consent.
    await page.getByTestId('rp-signout').click();
    await page.getByRole('button', { name: /Sign out/i }).click();
    await page.getByTestId('rp-signin').waitFor();
    visited.length = 0;
    await startSignIn(page);
    await page.waitForURL(`${site}/`);
    await page.getByTestId('rp-claims').waitFor();
    const again = JSON.parse((await page.getByTestId('rp-claims').textContent())!);
    assert.equal(again.sub, claims.sub, 'the same stable sub');
    assert.ok(
      !visited.some((u) => u.startsWith(`${server.url}/authorize`) || u.startsWith(`${server.url}/login`)),
      `no login and no consent page the second time: ${visited.join(' → ')}`,
    );
    await context.close();
  });
});
