import { WECHAT_UA } from '../helpers/wechat';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBindLink } from '../../lib/auth/bind-link';
import { createBoundUser, signedInClient } from '../helpers/accounts';
import { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';

// Web authorization (网页授权) inside WeChat's browser: login, bind-on-login, bind from settings, signed
// links, and every refusal the issue lists (state, replayed code, another appid's code, off-site redirect, next).
describe('web authorization inside WeChat', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  const ua = { 'user-agent': WECHAT_UA };
  /** A path on the test server for an absolute URL of this site (PUBLIC_URL or the simulator's mount). */
  const local = (location: string) => {
    const u = new URL(location, server.url);
    return u.pathname + u.search;
  };

  /** The phone's in-app browser of `openid`: a cookie jar that the simulated WeChat knows as that user. */
  async function phoneBrowser(openid: string, client = new TestClient(server.url)) {
    const opened = await client.get(`/sim/browser/open?openid=${openid}&url=${encodeURIComponent('/')}`, ua);
    assert.equal(opened.status, 302);
    return client;
  }

  /** Follows redirects from `path`; returns every Location seen and the last answer. */
  async function follow(client: TestClient, path: string, hops = 8) {
    const seen: string[] = [];
    let res = await client.get(path, ua);
    while (hops-- > 0 && res.status >= 300 && res.status < 400) {
      const location = res.headers.get('location') ?? '';
      seen.push(location);
      res = await client.get(local(location), ua);
    }
    return { seen, res, last: seen.at(-1) ?? '' };
  }

  /** Starts a flow and stops at WeChat's redirect back: the callback URL (with this flow's state and a code). */
  async function callbackUrl(client: TestClient, start: string) {
    const started = await client.get(start, ua);
    assert.equal(started.status, 302);
    const authorize = await client.get(local(started.headers.get('location') ?? ''), ua);
    assert.equal(authorize.status, 302, 'snsapi_base is silent');
    return new URL(authorize.headers.get('location') ?? '');
  }

  it('logs a bound follower in from /login with no QR: straight to the next page with a session', async () => {
    const alice = await createBoundUser(server, 'wa-alice');
    const browser = await phoneBrowser(alice.openid);
    const { seen, res } = await follow(browser, '/login?next=%2Fsettings');
    assert.match(seen[0], /\/api\/auth\/wechat\/oauth\/start\?purpose=login/);
    assert.match(
      seen[1],
      /\/connect\/oauth2\/authorize\?appid=.+&redirect_uri=.+&response_type=code&scope=snsapi_base&state=/,
    );
    assert.equal(local(seen.at(-1) ?? ''), '/settings');
    assert.equal(res.status, 200);
    const me = await browser.get('/api/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.user?.email ?? me.body.email, alice.email);
  });

  it('sends an unbound follower to /bind-account for this browser only, where registering binds their WeChat', async () => {
    const phone = server.simulator!.driver.user('wa-bob', { following: true });
    const browser = await phoneBrowser(phone.openid);
    const { last } = await follow(browser, '/login');
    const target = new URL(last, server.url);
    assert.equal(target.pathname, '/bind-account');
    const sceneId = target.searchParams.get('scene') ?? '';
    // Another browser (no key of this one) cannot use the scene.
    const other = new TestClient(server.url);
    const stolen = await other.post('/api/auth/bind-account', {
      sceneId,
      mode: 'register',
      email: 'thief@example.com',
      password: 'a long enough password 1',
    });
    assert.equal(stolen.status, 403);
    const done = await browser.post('/api/auth/bind-account', {
      sceneId,
      mode: 'register',
      email: 'wa-bob@example.com',
      password: 'a long enough password 1',
    });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const binding = await server.services.repos.bindings.findByOpenid(phone.openid);
    assert.equal(binding?.userId, done.body.user.id);
  });

  it('binds a signed-in user from settings inside WeChat', async () => {
    const carol = await createBoundUser(server, 'wa-carol', { bound: false });
    const browser = await phoneBrowser(carol.openid, await signedInClient(server, carol.id));
    const settings = await browser.get('/settings', ua);
    assert.match(String(settings.body), /bind-wechat-oauth/);
    const { last } = await follow(browser, '/api/auth/wechat/oauth/start?purpose=bind&next=%2Fsettings');
    assert.equal(local(last), '/wechat/web-auth?done=bound');
    const binding = await server.services.repos.bindings.findByOpenid(carol.openid);
    assert.equal(binding?.userId, carol.id);
  });

  it('refuses a state that is not this browser’s, and one used before', async () => {
    const dan = await createBoundUser(server, 'wa-dan');
    const browser = await phoneBrowser(dan.openid);
    const back = await callbackUrl(browser, '/api/auth/wechat/oauth/start?purpose=login');
    // An attacker's callback URL (their state and code) opened in the victim's browser: a state mismatch.
    const tampered = new URL(back);
    tampered.searchParams.set('state', 'x'.repeat(32));
    const mismatch = await browser.get(local(tampered.toString()), ua);
    assert.equal(local(mismatch.headers.get('location') ?? ''), '/wechat/web-auth?error=state');
    assert.equal(
      mismatch.headers.getSetCookie().some((c) => c.startsWith('webind_session=')),
      false,
    );
    // The same callback in a browser without the state cookie.
    const elsewhere = await new TestClient(server.url).get(local(back.toString()), ua);
    assert.equal(local(elsewhere.headers.get('location') ?? ''), '/wechat/web-auth?error=state');
  });

  it('refuses a replayed callback and a replayed code', async () => {
    const erin = await createBoundUser(server, 'wa-erin');
    const browser = await phoneBrowser(erin.openid);
    const back = await callbackUrl(browser, '/api/auth/wechat/oauth/start?purpose=login');
    const first = await browser.get(local(back.toString()), ua);
    assert.equal(local(first.headers.get('location') ?? ''), '/settings');
    // The same state again (the cookie is kept for the attempt): used.
    const replayClient = await phoneBrowser(erin.openid);
    const again = await callbackUrl(replayClient, '/api/auth/wechat/oauth/start?purpose=login');
    const replayedState = await browser.get(local(back.toString()), ua);
    assert.equal(local(replayedState.headers.get('location') ?? ''), '/wechat/web-auth?error=state');
    // A fresh state with the old code: WeChat answers 40163, shown as a clear refusal.
    const oldCode = new URL(again);
    oldCode.searchParams.set('code', back.searchParams.get('code') ?? '');
    const replayedCode = await replayClient.get(local(oldCode.toString()), ua);
    assert.equal(local(replayedCode.headers.get('location') ?? ''), '/wechat/web-auth?error=code&errcode=40163');
    assert.equal(
      replayedCode.headers.getSetCookie().some((c) => c.startsWith('webind_session=')),
      false,
    );
    const page = await replayClient.get('/wechat/web-auth?error=code&errcode=40163');
    assert.match(String(page.body), /data-testid="web-auth-error"[^>]*>微信授权码无效或已被使用/);
  });

  it('refuses a code issued for another appid (40029)', async () => {
    const fay = await createBoundUser(server, 'wa-fay');
    const browser = await phoneBrowser(fay.openid);
    const back = await callbackUrl(browser, '/api/auth/wechat/oauth/start?purpose=login');
    back.searchParams.set('code', server.simulator!.driver.oauthCode(fay.openid, { appid: 'wxanotheraccount00' }));
    const res = await browser.get(local(back.toString()), ua);
    assert.equal(local(res.headers.get('location') ?? ''), '/wechat/web-auth?error=code&errcode=40029');
  });

  it('refuses a snapshot page’s virtual user with a clear page', async () => {
    const gus = await createBoundUser(server, 'wa-gus');
    const browser = await phoneBrowser(gus.openid);
    server.simulator!.driver.snapshotUser(true);
    try {
      const { last, res } = await follow(browser, '/login');
      assert.equal(local(last), '/wechat/web-auth?error=snapshot');
      assert.match(String(res.body), /data-reason="snapshot"[^>]*>当前是微信的快照页/);
    } finally {
      server.simulator!.driver.snapshotUser(false);
    }
  });

  it('keeps redirect_uri on PUBLIC_URL whatever Host the request names', async () => {
    const started = await new TestClient(server.url).get('/api/auth/wechat/oauth/start?purpose=login', {
      ...ua,
      host: 'evil.example',
      'x-forwarded-host': 'evil.example',
    });
    const authorize = new URL(started.headers.get('location') ?? '');
    assert.equal(
      authorize.searchParams.get('redirect_uri'),
      `${server.services.config.publicUrl}/api/auth/wechat/oauth`,
    );
  });

  it('never redirects off-site through next', async () => {
    const hal = await createBoundUser(server, 'wa-hal');
    for (const next of ['https://evil.example/x', '//evil.example', '/\\evil.example', 'javascript:alert(1)']) {
      const browser = await phoneBrowser(hal.openid);
      const { last } = await follow(
        browser,
        `/api/auth/wechat/oauth/start?purpose=login&next=${encodeURIComponent(next)}`,
      );
      assert.equal(local(last), '/settings', next);
      assert.ok(last.startsWith(server.services.config.publicUrl), last);
    }
  });

  it('refuses a forwarded signed link opened by another WeChat user; its owner may use it', async () => {
    const owner = server.simulator!.driver.user('wa-ivy', { following: true });
    const reader = server.simulator!.driver.user('wa-jack', { following: true });
    const { config } = server.services;
    const link = createBindLink(config.publicUrl, config.appSecret, owner.openid, Date.now());
    const fields = Object.fromEntries(new URL(link).searchParams);

    const stranger = await phoneBrowser(reader.openid);
    const opened = await follow(stranger, local(link));
    assert.match(opened.seen[0], /purpose=link/);
    assert.equal(opened.res.status, 200);
    assert.match(String(opened.res.body), /data-testid="link-problem"[^>]*>这个链接属于另一个微信用户/);
    const attempt = await stranger.post(
      '/api/auth/bind-link',
      { ...fields, mode: 'register', email: 'jack@example.com', password: 'a long enough password 1' },
      ua,
    );
    assert.equal(attempt.status, 403);
    assert.equal(attempt.body.error.code, 'link_mismatch');
    // Inside WeChat without a confirmed reader the link cannot be used either.
    const unproved = await new TestClient(server.url).post(
      '/api/auth/bind-link',
      { ...fields, mode: 'register', email: 'jack2@example.com', password: 'a long enough password 1' },
      ua,
    );
    assert.equal(unproved.status, 403);
    assert.equal(await server.services.repos.bindings.findByOpenid(owner.openid), null);

    const own = await phoneBrowser(owner.openid);
    const mine = await follow(own, local(link));
    assert.match(String(mine.res.body), /link-page/);
    assert.doesNotMatch(String(mine.res.body), /data-testid="link-problem"/);
    const bound = await own.post(
      '/api/auth/bind-link',
      { ...fields, mode: 'register', email: 'ivy@example.com', password: 'a long enough password 1' },
      ua,
    );
    assert.equal(bound.status, 200, JSON.stringify(bound.body));
    assert.equal((await server.services.repos.bindings.findByOpenid(owner.openid))?.userId, bound.body.user.id);
  });
});
