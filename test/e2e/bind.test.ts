import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { browserSkip, newPage, readQr, registerInBrowser, screenshot } from '../helpers/browser';
import { serverAndBrowser } from '../helpers/e2e';

describe('binding WeChat in the browser', { skip: browserSkip }, () => {
  const e2e = serverAndBrowser({ QR_TTL_SECONDS: '60' });

  it('register → settings → 绑定微信 → scan → bound without a reload, within 1 s; unbind; bind again as a follower', async () => {
    const { context, page } = await newPage(e2e.browser);
    await registerInBrowser(page, e2e.server.url, 'ivan@example.com', 'ivan password');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    await page.getByTestId('bind-wechat').click();
    const qr = await readQr(page);
    await page.getByTestId('scan-status').getByText('等待扫码').waitFor();
    await screenshot(page, 'settings-qr');

    const phone = e2e.server.simulator!.driver.user('ivan-phone', { following: false });
    const started = Date.now();
    const scanned = await phone.scan(qr);
    await page.getByTestId('wechat-binding').waitFor();
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 1000, `the page showed the binding ${elapsed} ms after the scan`);
    assert.match(JSON.stringify(scanned), /已绑定到账号 i\*\*\*@example\.com/);
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'no reload');
    await screenshot(page, 'settings-bound');

    await page.getByTestId('unbind-wechat').click();
    await page.getByRole('alertdialog').waitFor();
    await page.getByTestId('unbind-confirm').click();
    await page.getByTestId('bind-wechat').waitFor();
    assert.equal(await page.getByTestId('wechat-binding').count(), 0);

    // Now a follower: WeChat sends SCAN rather than subscribe.
    await page.getByTestId('bind-wechat').click();
    const second = await readQr(page);
    await phone.scan(second);
    await page.getByTestId('wechat-binding').waitFor();
    const kinds = e2e.server.simulator!.driver.deliveries({ openid: phone.info().openid }).map((d) => d.kind);
    assert.deepEqual(kinds, ['subscribe', 'SCAN'], 'a non-follower subscribes, then scans as a follower');
    await context.close();
  });

  it('offers 无法扫码？ under the QR: the keyword code binds as the scan would', async () => {
    const { context, page } = await newPage(e2e.browser);
    await registerInBrowser(page, e2e.server.url, 'kira@example.com', 'kira password');
    await page.getByTestId('bind-wechat').click();
    await readQr(page);
    await page.getByTestId('keyword-code').getByText('无法扫码？').click();
    const code = ((await page.getByTestId('keyword-code-value').textContent()) ?? '').trim();
    assert.match(code, /^[A-HJ-NP-Z2-9]{6}$/);
    const phone = e2e.server.simulator!.driver.user('kira-phone', { following: true });
    await phone.send(code);
    await page.getByTestId('wechat-binding').waitFor();
    await context.close();
  });

  it('updates the settings page live when the user sends 解绑 in WeChat', async () => {
    const { context, page } = await newPage(e2e.browser);
    await registerInBrowser(page, e2e.server.url, 'judy@example.com', 'judy password');
    await page.getByTestId('bind-wechat').click();
    const phone = e2e.server.simulator!.driver.user('judy-phone');
    await phone.scan(await readQr(page));
    await page.getByTestId('wechat-binding').waitFor();
    await phone.send('解绑');
    await page.getByTestId('bind-wechat').waitFor();
    await page.getByText('已解除绑定').waitFor();
    await context.close();
  });

  it("keeps a 解绑 pushed while the page's own refresh after the scan was on its way", async () => {
    const { context, page } = await newPage(e2e.browser);
    await registerInBrowser(page, e2e.server.url, 'lena@example.com', 'lena password');
    // The refresh the page makes on 'bound' is answered at once (still bound) but handed to the page only
    // after the 解绑 below has been pushed: an older answer must not bring the binding back.
    let fetched = false;
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/me', async (route) => {
      const response = await route.fetch();
      fetched = true;
      await released;
      await route.fulfill({ response });
    });
    await page.getByTestId('bind-wechat').click();
    const phone = e2e.server.simulator!.driver.user('lena-phone');
    await phone.scan(await readQr(page));
    await page.getByTestId('wechat-binding').waitFor();
    for (let waited = 0; !fetched; waited += 20) {
      assert.ok(waited < 10_000, 'the page refreshes its binding after the scan');
      await page.waitForTimeout(20);
    }
    await phone.send('解绑');
    await page.getByTestId('bind-wechat').waitFor();
    const answered = page.waitForResponse('**/api/me');
    release();
    await answered;
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
    assert.equal(await page.getByTestId('wechat-binding').count(), 0, 'the held answer did not undo the 解绑');
    assert.equal(await page.getByTestId('bind-wechat').count(), 1);
    await context.close();
  });

  it('replaces an expired QR with a fresh one without a click', async () => {
    const { context, page } = await newPage(e2e.browser);
    await registerInBrowser(page, e2e.server.url, 'kim@example.com', 'kim password');
    await page.getByTestId('bind-wechat').click();
    const first = await readQr(page);
    // Jump both clocks past the QR's 60 s life instead of waiting.
    const realNow = e2e.server.services.now;
    e2e.server.services.now = () => Date.now() + 61_000;
    try {
      await page.clock.install();
      await page.clock.fastForward(61_000);
      const second = await readQr(page, first);
      assert.notEqual(second, first);
      await page.getByTestId('scan-status').getByText('等待扫码').waitFor();
    } finally {
      e2e.server.services.now = realNow;
    }
    await context.close();
  });
});
