import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isWeChatApiError, WeChatClient } from '../../lib/wechat';
import { startTestServer, type TestServer } from '../helpers/server';

// The simulator's web authorization (网页授权) and lib/wechat's exchange, against WeChat's documented answers.
describe('WeChat simulator: web authorization', () => {
  let server: TestServer;
  let client: WeChatClient;
  let oauthBase: string;
  let site: string;
  before(async () => {
    server = await startTestServer();
    const { config } = server.services;
    oauthBase = config.wechat.oauthBase;
    site = config.publicUrl;
    client = new WeChatClient({
      baseUrl: config.wechat.apiBase,
      appId: config.wechat.appId,
      appSecret: config.wechat.appSecret,
      tokens: { getToken: async () => 'unused', invalidate: async () => {} },
    });
  });
  after(() => server.stop());

  /** The phone's in-app browser: a cookie jar opened as `openid`. */
  async function inAppCookie(openid: string): Promise<string> {
    const res = await fetch(`${server.url}/sim/browser/open?openid=${openid}&url=${encodeURIComponent(`${site}/`)}`, {
      redirect: 'manual',
    });
    assert.equal(res.status, 302);
    return res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
  }

  function authorizeUrl(params: Record<string, string>) {
    const q = new URLSearchParams({
      appid: server.services.config.wechat.appId,
      redirect_uri: `${site}/api/auth/wechat/oauth`,
      response_type: 'code',
      scope: 'snsapi_base',
      state: 'abc123',
      ...params,
    });
    return `${oauthBase}/connect/oauth2/authorize?${q}#wechat_redirect`;
  }

  async function codeFor(openid: string): Promise<string> {
    const res = await fetch(authorizeUrl({}), { redirect: 'manual', headers: { cookie: await inAppCookie(openid) } });
    assert.equal(res.status, 302, 'snsapi_base consent is silent: straight back to redirect_uri');
    const back = new URL(res.headers.get('location') ?? '');
    assert.equal(`${back.origin}${back.pathname}`, `${site}/api/auth/wechat/oauth`);
    assert.equal(back.searchParams.get('state'), 'abc123');
    return back.searchParams.get('code') ?? '';
  }

  async function errcodeOf(p: Promise<unknown>): Promise<number> {
    try {
      await p;
    } catch (err) {
      if (isWeChatApiError(err)) return err.errcode;
      throw err;
    }
    assert.fail('expected a WeChat error');
  }

  it('redirects the in-app browser user back with a code that the exchange turns into their openid', async () => {
    const phone = server.simulator!.driver.user('oauth-alice', { following: true });
    const code = await codeFor(phone.openid);
    assert.match(code, /^[0-9a-f]{32}$/);
    const who = await client.exchangeOAuthCode(code);
    assert.equal(who.openid, phone.openid);
    assert.equal(who.scope, 'snsapi_base');
    assert.equal(who.isSnapshotUser, false);
  });

  it('answers 40163 for a code used twice and 40029 for an unknown one', async () => {
    const phone = server.simulator!.driver.user('oauth-bob');
    const code = await codeFor(phone.openid);
    await client.exchangeOAuthCode(code);
    assert.equal(await errcodeOf(client.exchangeOAuthCode(code)), 40163);
    assert.equal(await errcodeOf(client.exchangeOAuthCode('0'.repeat(32))), 40029);
  });

  it('refuses a code issued for another appid (40029)', async () => {
    const phone = server.simulator!.driver.user('oauth-carol');
    const code = server.simulator!.driver.oauthCode(phone.openid, { appid: 'wxanotheraccount00' });
    assert.equal(await errcodeOf(client.exchangeOAuthCode(code)), 40029);
  });

  it('refuses a wrong secret (40125) and a missing code (41008)', async () => {
    const { config } = server.services;
    const q = (extra: string) =>
      fetch(
        `${config.wechat.apiBase}/sns/oauth2/access_token?appid=${config.wechat.appId}&grant_type=authorization_code${extra}`,
      ).then((r) => r.json() as Promise<{ errcode?: number }>);
    assert.equal((await q('&secret=wrong&code=x')).errcode, 40125);
    assert.equal((await q(`&secret=${config.wechat.appSecret}`)).errcode, 41008);
  });

  it('expires a code after 5 minutes (40029)', async () => {
    const phone = server.simulator!.driver.user('oauth-dan');
    const code = await codeFor(phone.openid);
    assert.ok(server.simulator!.driver.expireOAuthCode(code));
    assert.equal(await errcodeOf(client.exchangeOAuthCode(code)), 40029);
  });

  it('answers a snapshot page with a virtual openid and is_snapshotuser=1', async () => {
    const phone = server.simulator!.driver.user('oauth-erin');
    server.simulator!.driver.snapshotUser(true);
    try {
      const who = await client.exchangeOAuthCode(await codeFor(phone.openid));
      assert.equal(who.isSnapshotUser, true);
      assert.notEqual(who.openid, phone.openid);
    } finally {
      server.simulator!.driver.snapshotUser(false);
    }
  });

  it('refuses an off-site redirect_uri, another appid, and a browser outside WeChat without issuing a code', async () => {
    const cookie = await inAppCookie(server.simulator!.driver.user('oauth-frank').openid);
    for (const [params, text] of [
      [{ redirect_uri: 'https://evil.example/cb' }, '10003'],
      [{ appid: 'wxanotheraccount00' }, '10016'],
      [{ scope: 'snsapi_admin' }, '10005'],
      [{ scope: '' }, 'scope不能为空，错误码：10010'],
      [{ redirect_uri: '' }, 'redirect_uri不能为空，错误码：10011'],
      [{ appid: '' }, 'appid不能为空，错误码：10012'],
      [{ state: '' }, 'state不能为空，错误码：10013'],
    ] as const) {
      const res = await fetch(authorizeUrl(params), { redirect: 'manual', headers: { cookie } });
      assert.equal(res.status, 200, JSON.stringify(params));
      assert.equal(res.headers.get('location'), null, 'no redirect, so no code');
      assert.match(await res.text(), new RegExp(text));
    }
    const outside = await fetch(authorizeUrl({}), { redirect: 'manual' });
    assert.equal(outside.status, 200);
    assert.match(await outside.text(), /请在微信客户端打开链接/);
  });

  it('refuses web authorization to a subscription account (10005) and issues no code, until the rule is off', async () => {
    const driver = server.simulator!.driver;
    const cookie = await inAppCookie(driver.user('oauth-gina').openid);
    driver.faults.accountType('subscription');
    try {
      for (const scope of ['snsapi_base', 'snsapi_userinfo']) {
        const res = await fetch(authorizeUrl({ scope }), { redirect: 'manual', headers: { cookie } });
        assert.equal(res.status, 200, scope);
        assert.equal(res.headers.get('location'), null, `${scope}: no redirect, no code`);
        assert.match(await res.text(), /此公众号并没有这些scope的权限，错误码：10005/);
      }
      // With WeChat's account-type rule switched off in the fault panel, the subscription account is let through.
      driver.faults.rules({ accountType: false });
      const through = await fetch(authorizeUrl({}), { redirect: 'manual', headers: { cookie } });
      assert.equal(through.status, 302);
    } finally {
      driver.faults.rules({ accountType: true });
      driver.faults.accountType('service');
    }
    // A service account again: a code, exchanged for the user's openid.
    assert.equal(
      (await client.exchangeOAuthCode(await codeFor(driver.user('oauth-gina').openid))).openid,
      driver.user('oauth-gina').openid,
    );
  });
});
