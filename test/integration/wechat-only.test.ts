import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as client from 'openid-client';
import { SESSION_COOKIE } from '../../lib/auth/sessions';
import { TestClient } from '../helpers/client';
import { authorizationRequest, Browser, discover, followAuthorization, OIDC_ENV } from '../helpers/oidc';
import { startTestServer, type TestServer } from '../helpers/server';
import { linkInReply, pushToWebhook, scanEvent } from '../helpers/wechat';

const openid = () => `o${Math.random().toString(36).slice(2, 12)}${Date.now().toString(36)}`;

/** A login QR scanned by a WeChat no account has: the scene waits on /bind-account. */
async function unboundScan(server: TestServer, browser: Browser, base: URL) {
  const scan = await browser.send(new URL('/api/scan', base), { method: 'POST', json: { purpose: 'login' } });
  const scene = await scan.res.json();
  const who = openid();
  const scanned = await pushToWebhook(server.url, server.services.config, scanEvent(who, scene.sceneId));
  // The phone agrees to bind this unbound WeChat to a new account first.
  const confirm = new URL(linkInReply(scanned.reply));
  const approved = await new TestClient(server.url).post('/api/auth/wechat/confirm', {
    token: confirm.searchParams.get('token'),
    approve: true,
  });
  assert.equal(approved.status, 200);
  assert.equal((await server.services.repos.scenes.get(scene.sceneId))?.status, 'needs_binding');
  return { sceneId: scene.sceneId as string, openid: who };
}

describe('SIGNUP_WECHAT_ONLY=1: the first scan of an unbound WeChat may create an account', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ ...OIDC_ENV, SIGNUP_WECHAT_ONLY: '1' });
  });
  after(async () => {
    await server?.stop();
  });

  it('signs a site in with a WeChat-only account, which later adds an e-mail and password in settings', async () => {
    const config = await discover(`${server.url}/oidc`);
    const browser = new Browser();
    let who = '';
    const wechatOnly = async (b: Browser, page: URL) => {
      const { sceneId, openid: scanned } = await unboundScan(server, b, page);
      who = scanned;
      const bindPage = await (await b.send(new URL(`/bind-account?scene=${sceneId}`, page))).res.text();
      assert.match(bindPage, /只用微信继续/, 'the bind page offers the WeChat-only way');
      const made = await b.send(new URL('/api/auth/bind-account', page), {
        method: 'POST',
        json: { sceneId, mode: 'wechat_only' },
      });
      assert.equal(made.res.status, 200, await made.res.text());
    };
    const req = await authorizationRequest(config);
    const outcome = await followAuthorization(browser, req.url, { login: wechatOnly });
    const tokens = await client.authorizationCodeGrant(config, outcome.callback, {
      pkceCodeVerifier: req.verifier,
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    const claims = tokens.claims()!;
    assert.deepEqual(claims.amr, ['wechat_scan', 'phone_confirm']);
    assert.equal(claims.wechat_openid, who);
    assert.equal(claims.email, undefined, 'no e-mail claim for an account without one');

    const me = new TestClient(server.url);
    me.cookies.set(SESSION_COOKIE, browser.cookies.get(SESSION_COOKIE)!);
    const account = await me.get('/api/me');
    assert.equal(account.body.user.email, null);
    assert.equal(account.body.user.id, Number(claims.sub));
    const settings = await me.get('/settings');
    assert.match(String(settings.body), /data-testid="add-credentials"/);
    assert.match(String(settings.body), /未设置（仅微信登录）/);

    const email = `wechat-only-${Date.now()}@example.com`;
    const added = await me.post('/api/auth/credentials', { email, password: 'a fine password' });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    assert.equal((await me.get('/api/me')).body.user.email, email);
    const again = await me.post('/api/auth/credentials', { email: `x${email}`, password: 'another password' });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'has_email');
    const login = await new TestClient(server.url).post('/api/auth/login', { email, password: 'a fine password' });
    assert.equal(login.status, 200, 'the added e-mail and password sign in');
    assert.equal(login.body.user.id, Number(claims.sub));
  });

  it('refuses an e-mail another account has, and changes nothing', async () => {
    const taken = `taken-${Date.now()}@example.com`;
    assert.equal(
      (await new TestClient(server.url).post('/api/auth/register', { email: taken, password: 'pw pw pw pw' })).status,
      201,
    );
    const browser = new Browser();
    const { sceneId } = await unboundScan(server, browser, new URL(server.url));
    const made = await browser.send(new URL('/api/auth/bind-account', server.url), {
      method: 'POST',
      json: { sceneId, mode: 'wechat_only' },
    });
    assert.equal(made.res.status, 200);
    const me = new TestClient(server.url);
    me.cookies.set(SESSION_COOKIE, browser.cookies.get(SESSION_COOKIE)!);
    const res = await me.post('/api/auth/credentials', { email: taken, password: 'a fine password' });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'email_taken');
    assert.equal((await me.get('/api/me')).body.user.email, null);
    assert.equal(
      (await me.post('/api/auth/credentials', { email: 'not-an-email', password: 'a fine password' })).status,
      400,
    );
  });
});

describe('without SIGNUP_WECHAT_ONLY', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server?.stop();
  });

  it('refuses a WeChat-only account and leaves the scene waiting for a real one', async () => {
    const browser = new Browser();
    const { sceneId } = await unboundScan(server, browser, new URL(server.url));
    const page = await (await browser.send(new URL(`/bind-account?scene=${sceneId}`, server.url))).res.text();
    assert.doesNotMatch(page, /data-testid="wechat-only"/);
    const made = await browser.send(new URL('/api/auth/bind-account', server.url), {
      method: 'POST',
      json: { sceneId, mode: 'wechat_only' },
    });
    assert.equal(made.res.status, 403);
    assert.equal((await made.res.json()).error.code, 'wechat_only_disabled');
    assert.equal((await server.services.repos.scenes.get(sceneId))?.status, 'needs_binding');
    assert.equal(browser.cookies.has(SESSION_COOKIE), false);
  });
});
