// Offline events (issue 19) inside WeChat's own browser (Chromium with WeChat's User-Agent, opened by the
// simulated WeChat as the follower): the 报名 link identifies the follower by web authorization — a bound one
// lands on /events signed in and signs up with one tap; an unbound one registers on the bind page and is
// brought back to /events by itself, where one tap signs them up.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBoundUser } from '../helpers/accounts';
import { browserSkip, screenshot, weChatBrowser } from '../helpers/browser';
import { serverAndBrowser } from '../helpers/e2e';

import { createEvent, HOUR } from '../helpers/events';
const linkIn = (reply: string | null) => {
  const m = /https?:\/\/\S+\/events\?\S+/.exec(reply ?? '');
  assert.ok(m, `a link in ${reply}`);
  const url = new URL(m[0]);
  return url.pathname + url.search;
};

describe('events inside WeChat: sign-up by web authorization', { skip: browserSkip }, () => {
  const e2e = serverAndBrowser();
  let eventId = 0;
  async function event() {
    if (eventId) return eventId;
    const start = Date.now() + 24 * HOUR;
    eventId = (
      await createEvent(e2e.server, {
        title: '微信内报名',
        place: '广州',
        startsAt: start,
        capacity: 5,
        signupDeadline: start - HOUR,
      })
    ).id;
    return eventId;
  }

  it('a bound follower opens 报名 in WeChat, lands signed in and signs up with one tap', async () => {
    const id = await event();
    const alice = await createBoundUser(e2e.server, 'e2e-evwx-alice');
    const link = linkIn((await alice.phone.send('报名')).reply);
    const { context, page, documents } = await weChatBrowser(e2e.browser, e2e.server.url, alice.openid, link);
    await page.waitForURL(/\/events(#.*)?$/);
    assert.ok(
      documents.some((p) => p.endsWith('/connect/oauth2/authorize')),
      'through web authorization',
    );
    await page.getByTestId(`sign-up-${id}`).click();
    await page.getByTestId(`signed-up-${id}`).waitFor();
    assert.ok(await e2e.server.services.repos.events.findSignup(id, alice.id));
    await screenshot(page, 'events-in-wechat-signed-up');
    await context.close();
  });

  it('an unbound follower binds on the bind page and is brought back to the event, signed up with one tap', async () => {
    const id = await event();
    const phone = e2e.server.simulator!.driver.user('e2e-evwx-bob', { following: true });
    const link = linkIn((await phone.send('报名')).reply);
    const { context, page } = await weChatBrowser(e2e.browser, e2e.server.url, phone.openid, link);
    await page.waitForURL(/\/bind-account\?/);
    await page.getByTestId('bind-tab-register').click();
    await page.getByLabel('邮箱', { exact: true }).fill('e2e-evwx-bob@example.com');
    await page.getByLabel('密码', { exact: true }).fill('long password');
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(/\/events(#.*)?$/);
    await page.getByTestId(`sign-up-${id}`).click();
    await page.getByTestId(`signed-up-${id}`).waitFor();
    const binding = await e2e.server.services.repos.bindings.findByOpenid(phone.openid);
    assert.ok(binding, 'bound');
    assert.ok(await e2e.server.services.repos.events.findSignup(id, binding.userId));
    await context.close();
  });
});
