// A subscription account has no web authorization (公众号接口权限说明: 网页授权 is a verified service account's;
// WeChat's authorize page answers 10005). Inside WeChat's browser WeBind never starts one there: /login and
// /settings lead with the keyword code, a signed link's reader proves it with a keyword code, and the
// events page falls back to the signed 报名 link.
import { WECHAT_UA } from '../helpers/wechat';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBindLink } from '../../lib/auth/bind-link';
import { createBoundUser, createUser, signedInClient } from '../helpers/accounts';
import { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';

import { createEvent, HOUR } from '../helpers/events';
const DESKTOP_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';
const ua = { 'user-agent': WECHAT_UA };
/** A prop handed to a client component, as it appears in the page's React payload. */
const prop = (html: string, name: string) => new RegExp(`\\\\?"${name}\\\\?":(true|false)`).exec(html)?.[1];

describe('a subscription account inside WeChat: no web authorization, keyword codes instead', () => {
  let server: TestServer;
  let eventId: number;
  before(async () => {
    server = await startTestServer({ WECHAT_ACCOUNT_TYPE: 'subscription', WECHAT_ACCOUNT_NAME: '小绑助手' });
    const start = Date.now() + 48 * HOUR;
    eventId = (
      await createEvent(server, { title: '订阅号路演', place: '杭州', startsAt: start, signupDeadline: start - HOUR })
    ).id;
  });
  after(() => server.stop());

  const noAuthorize = (res: { status: number; headers: Headers }, what: string) => {
    assert.equal(res.status, 200, `${what}: served, not redirected (to ${res.headers.get('location')})`);
    assert.equal(res.headers.get('location'), null, what);
  };

  it('/login in WeChat serves the keyword-code panel (phone layout) and never redirects to authorize', async () => {
    const inWeChat = await new TestClient(server.url).get('/login?next=%2Fsettings', ua);
    noAuthorize(inWeChat, '/login');
    const html = String(inWeChat.body);
    assert.equal(prop(html, 'keywordFirst'), 'true', 'the keyword code leads, with its copy button');
    assert.doesNotMatch(html, /oauth\/start|connect\/oauth2/);
    assert.match(html, /<h1 id="qr-heading">微信口令登录<\/h1>/, 'the title says code, not scan');
    // A computer gets the desktop layout: the choice is the in-WeChat one, not always-on.
    const desktop = await new TestClient(server.url).get('/login', { 'user-agent': DESKTOP_UA });
    assert.equal(prop(String(desktop.body), 'keywordFirst'), 'false');
    assert.match(String(desktop.body), /<h1 id="qr-heading">微信扫码登录<\/h1>/);
    // The scene the panel asks for has a keyword code and no QR (no parametric QR on a subscription account).
    const scan = await new TestClient(server.url).post('/api/scan', { purpose: 'login' }, ua);
    assert.equal(scan.status, 201, JSON.stringify(scan.body));
    assert.match(scan.body.keywordCode, /^[A-HJ-NP-Z2-9]{6}$/);
    assert.equal(scan.body.accountName, '小绑助手');
  });

  it('an old web-authorization start link goes back to the page, never to WeChat’s authorize page', async () => {
    const client = new TestClient(server.url);
    const login = await client.get('/api/auth/wechat/oauth/start?purpose=login&next=%2Fevents', ua);
    assert.equal(login.status, 302);
    const to = new URL(login.headers.get('location') ?? '', server.url);
    assert.equal(to.pathname + to.search, '/login?next=%2Fevents');
    const bind = await client.get('/api/auth/wechat/oauth/start?purpose=bind&next=%2Fsettings', ua);
    assert.equal(new URL(bind.headers.get('location') ?? '', server.url).pathname, '/settings');
    const offSite = await client.get('/api/auth/wechat/oauth/start?purpose=link&next=https%3A%2F%2Fevil.example', ua);
    assert.equal(new URL(offSite.headers.get('location') ?? '', server.url).origin, new URL(server.url).origin);
    assert.equal(client.cookies.has('webind_wxoauth'), false, 'no state was started');
    const calls = server.simulator!.driver.apiCalls().filter((c) => c.path.startsWith('/sns/'));
    assert.equal(calls.length, 0);
  });

  it('/settings in WeChat offers the keyword code, not "bind with this WeChat"', async () => {
    const user = await createUser(server);
    const client = await signedInClient(server, user.id);
    const res = await client.get('/settings', ua);
    noAuthorize(res, '/settings');
    const html = String(res.body);
    assert.doesNotMatch(html, /bind-wechat-oauth/);
    assert.match(html, /data-testid="bind-wechat"/);
    assert.equal(prop(html, 'keywordFirst'), 'true');
    assert.equal(prop(html, 'inWeChat'), 'false');
  });

  it('a signed link opened in WeChat asks for the keyword-code proof; from the link’s WeChat it opens the forms', async () => {
    const owner = server.simulator!.driver.user('sub-link-ann', { following: true });
    const { config } = server.services;
    const fields = Object.fromEntries(
      new URL(createBindLink(config.publicUrl, config.appSecret, owner.openid, Date.now())).searchParams,
    );
    const browser = new TestClient(server.url);
    const page = await browser.get(`/wechat/link?${new URLSearchParams(fields)}`, ua);
    noAuthorize(page, '/wechat/link');
    assert.match(String(page.body), /data-testid="link-reader"/);
    assert.doesNotMatch(String(page.body), /<form/);
    const started = await browser.post('/api/auth/link-reader', fields, ua);
    assert.equal(started.status, 201, JSON.stringify(started.body));
    // The link's own WeChat sends the code (another WeChat's is refused: test/integration/link-reader.test.ts).
    const sent = await owner.send(started.body.keywordCode);
    assert.match(sent.reply ?? '', /已确认是你的微信/);
    const proved = await browser.post('/api/auth/link-reader/confirm', { sceneId: started.body.sceneId }, ua);
    assert.equal(proved.status, 200, JSON.stringify(proved.body));
    const open = await browser.get(`/wechat/link?${new URLSearchParams(fields)}`, ua);
    noAuthorize(open, '/wechat/link (proved)');
    assert.match(String(open.body), /<form/);
    const bound = await browser.post(
      '/api/auth/bind-link',
      { ...fields, mode: 'register', email: 'sub-link-ann@example.com', password: 'a long enough password 1' },
      ua,
    );
    assert.equal(bound.status, 200, JSON.stringify(bound.body));
    assert.equal((await server.services.repos.bindings.findByOpenid(owner.openid))?.userId, bound.body.user.id);
  });

  it('/events in WeChat falls back to the signed 报名 link: one tap signs the bound follower up', async () => {
    const alice = await createBoundUser(server, 'sub-ev-alice');
    const m = /https?:\/\/\S+\/events\?\S+/.exec((await alice.phone.send('报名')).reply ?? '');
    assert.ok(m, 'the reply carries the signed link');
    const link = new URL(m[0]);
    const browser = new TestClient(server.url);
    const page = await browser.get(link.pathname + link.search, ua);
    noAuthorize(page, '/events');
    assert.match(String(page.body), new RegExp(`data-testid="sign-up-${eventId}"`));
    const ok = await browser.post(`/api/events/${eventId}/signup`, Object.fromEntries(link.searchParams), ua);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.ok(await server.services.repos.events.findSignup(eventId, alice.id));
    // Without a link or a session the page asks to log in (the keyword-code login page), not web authorization.
    const bare = await new TestClient(server.url).get('/events', ua);
    noAuthorize(bare, '/events without a link');
    assert.match(String(bare.body), /href="\/login\?next=\/events"/);
  });
});
