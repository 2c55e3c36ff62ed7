// Offline events (issue 19) and web authorization (网页授权): the 报名 link opened inside WeChat's browser
// says who is browsing by snsapi_base, not by the openid the link names (a forwarded link signs up its
// reader, never its owner); an unbound follower binds on /bind-account and comes back to /events; outside
// WeChat the signed link is the fallback, and its "sign up" for an unbound follower binds through a signed
// bind link whose `next` brings them back to that event — never to another site.
import { WECHAT_UA } from '../helpers/wechat';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBoundUser } from '../helpers/accounts';
import { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';

import { createEvent, HOUR } from '../helpers/events';
const ua = { 'user-agent': WECHAT_UA };
const linkIn = (reply: string | null) => {
  const m = /https?:\/\/\S+\/events\?\S+/.exec(reply ?? '');
  assert.ok(m, `a link in ${reply}`);
  const url = new URL(m[0]);
  return url.pathname + url.search;
};
const unescapeHtml = (s: string) => s.replace(/&amp;/g, '&');
/** Outside WeChat a signed link's reader first proves to be its WeChat with the page's keyword code (issue 15). */
async function proveReader(browser: TestClient, bindLink: URL, phone: { send(text: string): Promise<unknown> }) {
  const { next: _next, ...fields } = Object.fromEntries(bindLink.searchParams);
  const started = await browser.post('/api/auth/link-reader', fields);
  assert.equal(started.status, 201, JSON.stringify(started.body));
  await phone.send(started.body.keywordCode);
  const proved = await browser.post('/api/auth/link-reader/confirm', { sceneId: started.body.sceneId });
  assert.equal(proved.status, 200, JSON.stringify(proved.body));
}
/** The `next` the bind form is handed (a prop in the page's React payload), where it goes once bound. */
const formNext = (html: string) => {
  const m = /\\"next\\":\\"((?:[^"\\]|\\u[0-9a-f]{4})*)\\"/.exec(html);
  assert.ok(m, 'the bind form is handed a next');
  return m[1].replace(/\\u0026/g, '&');
};

describe('events: sign-up inside WeChat by web authorization, and back to the event after binding', () => {
  let server: TestServer;
  let eventId: number;

  before(async () => {
    server = await startTestServer();
    const start = Date.now() + 48 * HOUR;
    eventId = (
      await createEvent(server, { title: '网页授权路演', place: '杭州', startsAt: start, signupDeadline: start - HOUR })
    ).id;
  });
  after(() => server.stop());

  const local = (location: string) => {
    const u = new URL(location, server.url);
    return u.pathname + u.search;
  };
  /** The phone's in-app browser of `openid`: a cookie jar the simulated WeChat knows as that user. */
  async function phoneBrowser(openid: string) {
    const client = new TestClient(server.url);
    const opened = await client.get(`/sim/browser/open?openid=${openid}&url=${encodeURIComponent('/')}`, ua);
    assert.equal(opened.status, 302);
    return client;
  }
  /** Follows redirects from `path` as WeChat's browser; returns every Location seen and the last answer. */
  async function follow(client: TestClient, path: string, headers: Record<string, string> = ua, hops = 8) {
    const seen: string[] = [];
    let res = await client.get(path, headers);
    while (hops-- > 0 && res.status >= 300 && res.status < 400) {
      const location = res.headers.get('location') ?? '';
      seen.push(location);
      res = await client.get(local(location), headers);
    }
    return { seen, res, last: local(seen.at(-1) ?? path) };
  }

  it('identifies a bound follower by web authorization and signs them up with one tap', async () => {
    const alice = await createBoundUser(server, 'evwa-alice');
    const link = linkIn((await alice.phone.send('报名')).reply);
    const browser = await phoneBrowser(alice.openid);
    const { seen, res, last } = await follow(browser, link);
    assert.equal(local(seen[0]), '/api/auth/wechat/oauth/start?purpose=login&next=%2Fevents');
    assert.match(seen[1], /\/connect\/oauth2\/authorize\?.*scope=snsapi_base/);
    assert.equal(last, '/events');
    assert.equal(res.status, 200);
    assert.match(String(res.body), new RegExp(`data-testid="sign-up-${eventId}"`));
    const ok = await browser.post(`/api/events/${eventId}/signup`, {});
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.state, 'ok');
    assert.ok(await server.services.repos.events.findSignup(eventId, alice.id));
  });

  it('a link forwarded to another follower signs up its reader, not the follower it names', async () => {
    const owner = await createBoundUser(server, 'evwa-owner');
    const reader = await createBoundUser(server, 'evwa-reader');
    const link = linkIn((await owner.phone.send('报名')).reply);
    const browser = await phoneBrowser(reader.openid);
    const { last, res } = await follow(browser, link);
    assert.equal(last, '/events');
    // The page acts for the session web authorization started: its sign-up sends no link fields.
    assert.doesNotMatch(String(res.body), new RegExp(owner.openid));
    assert.equal((await browser.post(`/api/events/${eventId}/signup`, {})).status, 200);
    assert.ok(await server.services.repos.events.findSignup(eventId, reader.id));
    assert.equal(await server.services.repos.events.findSignup(eventId, owner.id), null);
    const me = await browser.get('/api/me');
    assert.equal(me.body.user.email, reader.email);
  });

  it('sends an unbound follower to bind first, then back to /events where one tap signs them up', async () => {
    const phone = server.simulator!.driver.user('evwa-bob', { following: true });
    const link = linkIn((await phone.send('报名')).reply);
    const browser = await phoneBrowser(phone.openid);
    const { last } = await follow(browser, link);
    const target = new URL(last, server.url);
    assert.equal(target.pathname, '/bind-account');
    assert.equal(target.searchParams.get('next'), '/events');
    const bound = await browser.post('/api/auth/bind-account', {
      sceneId: target.searchParams.get('scene'),
      mode: 'register',
      email: 'evwa-bob@example.com',
      password: 'a long enough password 1',
    });
    assert.equal(bound.status, 200, JSON.stringify(bound.body));
    // The form goes to `next`: the events page, now as the bound follower.
    const back = await follow(browser, target.searchParams.get('next')!);
    assert.equal(back.last, '/events');
    assert.match(String(back.res.body), new RegExp(`data-testid="sign-up-${eventId}"`));
    assert.equal((await browser.post(`/api/events/${eventId}/signup`, {})).status, 200);
    assert.ok(await server.services.repos.events.findSignup(eventId, bound.body.user.id));
    assert.equal((await server.services.repos.bindings.findByOpenid(phone.openid))?.userId, bound.body.user.id);
  });

  it('outside WeChat the signed link is the fallback: sign-up binds first and comes back to the same event', async () => {
    const phone = server.simulator!.driver.user('evwa-carol', { following: true });
    const link = linkIn((await phone.send('报名')).reply);
    const browser = new TestClient(server.url);
    const page = String((await browser.get(link)).body);
    const m = new RegExp(`href="([^"]+)" data-testid="bind-first-${eventId}"`).exec(page);
    assert.ok(m, 'an unbound follower’s sign-up leads to binding');
    const bindLink = new URL(unescapeHtml(m[1]));
    assert.equal(bindLink.pathname, '/wechat/link');
    assert.equal(bindLink.searchParams.get('next'), `${link}#event-${eventId}`);
    await proveReader(browser, bindLink, phone);
    const bindPage = String((await browser.get(bindLink.pathname + bindLink.search)).body);
    assert.match(bindPage, /data-testid="bind-tab-login"/);
    assert.equal(formNext(bindPage), `${link}#event-${eventId}`, 'the bind form goes back to the event');
    const { next: _next, ...fields } = Object.fromEntries(bindLink.searchParams);
    const bound = await browser.post('/api/auth/bind-link', {
      ...fields,
      mode: 'register',
      email: 'evwa-carol@example.com',
      password: 'a long enough password 1',
    });
    assert.equal(bound.status, 200, JSON.stringify(bound.body));
    const back = String((await browser.get(link)).body);
    assert.match(back, new RegExp(`data-testid="sign-up-${eventId}"`));
    const ok = await browser.post(
      `/api/events/${eventId}/signup`,
      Object.fromEntries(new URL(link, server.url).searchParams),
    );
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.ok(await server.services.repos.events.findSignup(eventId, bound.body.user.id));
  });

  it('never hands the bind form a way back off-site', async () => {
    const phone = server.simulator!.driver.user('evwa-dan', { following: true });
    const page = String((await new TestClient(server.url).get(linkIn((await phone.send('报名')).reply))).body);
    const m = new RegExp(`href="([^"]+)" data-testid="bind-first-${eventId}"`).exec(page);
    assert.ok(m);
    const browser = new TestClient(server.url);
    await proveReader(browser, new URL(unescapeHtml(m[1])), phone);
    for (const next of ['https://evil.example/x', '//evil.example', '/\\evil.example', '/%2e//evil.example']) {
      const bindLink = new URL(unescapeHtml(m[1]));
      bindLink.searchParams.set('next', next);
      const res = await browser.get(bindLink.pathname + bindLink.search);
      assert.equal(res.status, 200);
      assert.match(String(res.body), /data-testid="bind-tab-login"/);
      assert.equal(formNext(String(res.body)), '/settings', next);
    }
  });
});
