// Offline events (issue 19), the door check-in screen and the QR quota: each door QR spends a qrcode/create
// call, so the screen asks for none while it is hidden (Page Visibility), shows the QR it has again when it
// comes back within that QR's minute, and asks again at once when that minute has passed — timed by
// the lifetime the server gives, so a screen whose clock is off (here 90 s fast) does not renew early.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SESSION_COOKIE, startSession } from '../../lib/auth/sessions';
import { createUser } from '../helpers/accounts';
import { browserSkip, newPage } from '../helpers/browser';
import { serverAndBrowser } from '../helpers/e2e';

const ADMIN = 'door-screen-admin@example.com';
import { createEvent } from '../helpers/events';

describe('the door check-in screen spends door QRs only while it is seen', { skip: browserSkip }, () => {
  const e2e = serverAndBrowser({ ADMIN_EMAILS: ADMIN });

  it('asks for no QR while hidden, reuses the shown one within its minute, and renews a dead one at once', async () => {
    const { server, browser } = e2e;
    const event = await createEvent(server, { title: '门口签到', place: '深圳', capacity: 20 });
    const admin = await createUser(server, { email: ADMIN });
    const session = await startSession(server.services, admin.id, { ip: null, userAgent: 'test' });
    const { context, page } = await newPage(browser);
    await context.addCookies([{ name: SESSION_COOKIE, value: session.token, url: server.url }]);
    // The tab's visibility, driven by the test (a headless page is always "visible").
    await page.addInitScript({
      content: `{
        let hidden = true;
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
        window.__setHidden = (value) => { hidden = value; document.dispatchEvent(new Event('visibilitychange')); };
      }`,
    });
    await page.clock.install();
    const asked: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === `/api/admin/events/${event.id}/checkin-qr`) asked.push(r.method());
    });
    const setHidden = (value: boolean) =>
      page.evaluate((v) => (window as unknown as { __setHidden: (h: boolean) => void }).__setHidden(v), value);
    const qrShown = () => page.getByTestId('checkin-qr').getAttribute('data-qr-content');

    await page.goto(`${server.url}/admin/events/${event.id}/checkin`);
    await page.locator('.checkin-screen').waitFor();
    await page.clock.fastForward(90_000);
    await page.waitForTimeout(500);
    assert.deepEqual(asked, [], 'no door QR while the screen is hidden, however long');
    assert.equal(await page.getByTestId('checkin-qr').count(), 0);

    await setHidden(false);
    await page.getByTestId('checkin-qr').waitFor();
    assert.equal(asked.length, 1);
    const first = await qrShown();

    // Hidden for a few seconds and back within the QR's minute: the same QR, no new call.
    await setHidden(true);
    await page.clock.fastForward(10_000);
    await setHidden(false);
    await page.waitForTimeout(500);
    assert.equal(asked.length, 1, 'the QR still good was shown again');
    assert.equal(await qrShown(), first);

    // Hidden past the QR's minute: a fresh one at once when the screen is seen again.
    await setHidden(true);
    await page.clock.fastForward(60_000);
    await page.waitForTimeout(300);
    assert.equal(asked.length, 1, 'none while hidden');
    // (The server, whose clock did not jump, may hand back the QR of its own minute: the ask is what counts.)
    await setHidden(false);
    for (let i = 0; i < 50 && asked.length < 2; i++) await page.waitForTimeout(100);
    assert.equal(asked.length, 2, 'asked again at once');
    await context.close();
  });
});
