import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { SESSION_COOKIE, startSession } from '../../lib/auth/sessions';
import { rotateSigningKeys } from '../../lib/oidc/keys';
import { TestClient } from '../helpers/client';
import {
  authorizationRequest,
  Browser,
  discover,
  followAuthorization,
  OIDC_ENV,
  PUBLIC_RP,
  passwordLogin,
  RP,
  RP_SECRET,
} from '../helpers/oidc';
import { startTestServer, type TestServer } from '../helpers/server';
import { linkInReply, pushToWebhook, scanEvent } from '../helpers/wechat';

const openid = () => `o${Math.random().toString(36).slice(2, 12)}${Date.now().toString(36)}`;
const PASSWORD = 'correct horse battery';

/** The error a refused request got, from openid-client's ResponseBodyError. */
async function refusal(promise: Promise<unknown>): Promise<{ error: string; status: number }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { error?: string; status?: number; code?: string; message: string };
    assert.ok(e.error, `expected an OAuth error response, got ${e.code}: ${e.message}`);
    return { error: e.error, status: e.status ?? 0 };
  }
  assert.fail('the request was not refused');
}

describe('Sign in with WeChat: OpenID Provider', () => {
  let server: TestServer;
  let issuer: string;
  let config: client.Configuration;
  let n = 0;

  before(async () => {
    server = await startTestServer(OIDC_ENV);
    issuer = `${server.url}/oidc`;
    config = await discover(issuer);
  });
  after(async () => {
    await server?.stop();
  });

  /** A WeBind account with a password, and bound to a fresh WeChat through the real bind flow. */
  async function account(bound = true) {
    const email = `oidc${++n}-${Date.now()}@example.com`;
    const reg = await new TestClient(server.url).post('/api/auth/register', { email, password: PASSWORD });
    assert.equal(reg.status, 201);
    const id = reg.body.user.id as number;
    let wechat: string | null = null;
    if (bound) {
      const c = new TestClient(server.url);
      c.cookies.set(SESSION_COOKIE, (await startSession(server.services, id, { ip: null, userAgent: null })).token);
      const scene = (await c.post('/api/scan', { purpose: 'bind' })).body;
      wechat = openid();
      await pushToWebhook(server.url, server.services.config, scanEvent(wechat, scene.sceneId));
      assert.equal((await server.services.repos.bindings.findByUser(id))?.openid, wechat);
    }
    return { id, email, openid: wechat, login: passwordLogin(email, PASSWORD) };
  }

  /** A full sign-in with e-mail + password; returns the tokens and what the browser saw. */
  async function signIn(
    who: Awaited<ReturnType<typeof account>>,
    params: Record<string, string> = {},
    browser = new Browser(),
  ) {
    const req = await authorizationRequest(config, params);
    const outcome = await followAuthorization(browser, req.url, { login: who.login });
    const tokens = await client.authorizationCodeGrant(config, outcome.callback, {
      pkceCodeVerifier: req.verifier,
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    return { tokens, outcome, browser, req };
  }

  it('publishes discovery at /oidc/.well-known/openid-configuration with issuer PUBLIC_URL + /oidc', async () => {
    const res = await fetch(`${issuer}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    const doc = await res.json();
    assert.equal(doc.issuer, issuer);
    assert.equal(config.serverMetadata().issuer, issuer);
    assert.deepEqual(doc.code_challenge_methods_supported, ['S256']);
    assert.deepEqual(doc.response_types_supported, ['code']);
    for (const scope of ['openid', 'email', 'wechat', 'offline_access'])
      assert.ok(doc.scopes_supported.includes(scope));
    for (const claim of ['sub', 'email', 'email_verified', 'wechat_openid', 'amr', 'acr', 'auth_time']) {
      assert.ok(doc.claims_supported.includes(claim), claim);
    }
    assert.ok(doc.token_endpoint_auth_methods_supported.includes('client_secret_basic'));
    assert.ok(doc.token_endpoint_auth_methods_supported.includes('client_secret_post'));
    assert.ok(doc.end_session_endpoint && doc.revocation_endpoint && doc.userinfo_endpoint);
    const jwks = await (await fetch(doc.jwks_uri)).json();
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0].kty, 'RSA');
    assert.equal(jwks.keys[0].d, undefined, 'no private part is published');
  });

  it('signs in with code + PKCE through WeBind login and consent; ID token checked against the JWKS', async () => {
    const who = await account();
    const browser = new Browser();
    const req = await authorizationRequest(config);
    let loginPage = '';
    const outcome = await followAuthorization(browser, req.url, {
      login: async (b, page) => {
        loginPage = await (await b.send(page)).res.text();
        await who.login(b, page);
      },
    });
    assert.match(loginPage, /example-site/, 'the login page names the site being signed in to');
    assert.ok(outcome.sawLogin && outcome.sawConsent);
    assert.equal(outcome.callback.origin + outcome.callback.pathname, RP.redirect_uris[0]);

    const tokens = await client.authorizationCodeGrant(config, outcome.callback, {
      pkceCodeVerifier: req.verifier,
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    const claims = tokens.claims()!;
    assert.equal(claims.iss, issuer);
    assert.equal(claims.sub, String(who.id), 'sub is the stable WeBind account id');
    assert.equal(claims.aud, RP.client_id);
    assert.deepEqual(claims.amr, ['pwd'], 'amr rides in the ID token itself');
    assert.equal(claims.acr, 'urn:webind:loa:1');
    assert.equal(typeof claims.auth_time, 'number');
    assert.ok(Math.abs((claims.auth_time as number) - Date.now() / 1000) < 60);
    assert.equal(claims.email, who.email, "the granted scopes' claims are in the ID token as well");
    assert.equal(claims.email_verified, false);
    assert.equal(claims.wechat_openid, who.openid);
    assert.equal(tokens.refresh_token, undefined, 'no refresh token without offline_access');

    // The same verification an independent library does with the published keys.
    const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
    const verified = await jwtVerify(tokens.id_token!, jwks, { issuer, audience: RP.client_id });
    assert.equal(verified.payload.sub, String(who.id));

    const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.equal(info.email, who.email);
    assert.equal(info.email_verified, false);
    assert.equal(info.wechat_openid, who.openid);
  });

  it('gives a scan confirmed on the phone amr wechat_scan + phone_confirm', async () => {
    const who = await account();
    const scanLogin = async (b: Browser, page: URL) => {
      const scan = await b.send(new URL('/api/scan', page), { method: 'POST', json: { purpose: 'login' } });
      const scene = await scan.res.json();
      const push = await pushToWebhook(server.url, server.services.config, scanEvent(who.openid!, scene.sceneId));
      const link = linkInReply(push.reply);
      const token = new URL(link).searchParams.get('token');
      const phone = new TestClient(server.url);
      assert.equal((await phone.post('/api/auth/wechat/confirm', { token, approve: true })).status, 200);
      const done = await b.send(new URL('/api/auth/wechat', page), {
        method: 'POST',
        json: { sceneId: scene.sceneId },
      });
      assert.equal(done.res.status, 200);
    };
    const { tokens } = await signIn({ ...who, login: scanLogin });
    assert.deepEqual(tokens.claims()!.amr, ['wechat_scan', 'phone_confirm']);
    assert.equal(tokens.claims()!.acr, 'urn:webind:loa:2');
  });

  it('an unbound WeChat registers on the bind page and comes back to the client, bound', async () => {
    const email = `unbound-${Date.now()}@example.com`;
    const stranger = openid();
    let bindPage: URL | null = null;
    const scanUnbound = async (b: Browser, page: URL) => {
      const scan = await b.send(new URL('/api/scan', page), { method: 'POST', json: { purpose: 'login' } });
      const scene = await scan.res.json();
      const scanned = await pushToWebhook(server.url, server.services.config, scanEvent(stranger, scene.sceneId));
      // The phone agrees to bind this unbound WeChat to a new account first.
      const confirm = new URL(linkInReply(scanned.reply));
      const approved = await fetch(new URL('/api/auth/wechat/confirm', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify({ token: confirm.searchParams.get('token'), approve: true }),
      });
      assert.equal(approved.status, 200);
      assert.equal((await server.services.repos.scenes.get(scene.sceneId))?.status, 'needs_binding');
      // What the login page does on needs_binding: /bind-account, keeping `next` (the interaction).
      bindPage = new URL(
        `/bind-account?${new URLSearchParams({ scene: scene.sceneId, next: page.searchParams.get('next')! })}`,
        page,
      );
      assert.equal((await b.send(bindPage)).res.status, 200);
      const bound = await b.send(new URL('/api/auth/bind-account', page), {
        method: 'POST',
        json: { sceneId: scene.sceneId, mode: 'register', email, password: PASSWORD },
      });
      assert.equal(bound.res.status, 200, await bound.res.text());
    };
    const { tokens } = await signIn({ id: 0, email, openid: stranger, login: scanUnbound });
    assert.ok(bindPage);
    const claims = tokens.claims()!;
    assert.deepEqual(claims.amr, ['wechat_scan', 'phone_confirm', 'pwd']);
    assert.equal(claims.wechat_openid, stranger, 'the account now carries the WeChat that scanned');
    assert.equal(claims.email, email);
  });

  it('skips login and consent on a second sign-in, and remembers consent per client in a new session', async () => {
    const who = await account();
    const first = await signIn(who);
    assert.ok(first.outcome.sawConsent);
    const again = await signIn(who, {}, first.browser);
    assert.equal(again.outcome.sawLogin, false);
    assert.equal(again.outcome.sawConsent, false, 'the consent is remembered');
    assert.equal(again.tokens.claims()!.sub, String(who.id));

    // Another browser: WeBind asks who you are, but not again whether this site may know it.
    const elsewhere = await signIn(who, {}, new Browser());
    assert.equal(elsewhere.outcome.sawLogin, true);
    assert.equal(elsewhere.outcome.sawConsent, false);
    // Signing out of WeBind ends the provider's session too: the next site asking gets the login page.
    await first.browser.send(new URL('/api/auth/logout', server.url), { method: 'POST', json: {} });
    const afterLogout = await signIn(who, {}, first.browser);
    assert.equal(afterLogout.outcome.sawLogin, true, 'not silently signed in as the previous user');
    assert.equal(afterLogout.outcome.sawConsent, false);
    // A scope never granted before is asked for.
    const more = await signIn(who, { scope: 'openid email wechat offline_access', prompt: 'consent' }, first.browser);
    assert.equal(more.outcome.sawConsent, true);
  });

  it('prompt=login asks an already signed-in user to sign in again, and auth_time moves', async () => {
    const who = await account(false);
    const first = await signIn(who);
    const silent = await signIn(who, {}, first.browser);
    assert.equal(silent.outcome.sawLogin, false);
    await new Promise((r) => setTimeout(r, 1100)); // auth_time counts seconds
    const forced = await signIn(who, { prompt: 'login' }, first.browser);
    assert.equal(forced.outcome.sawLogin, true, 'the login page again, despite the WeBind session');
    assert.ok((forced.tokens.claims()!.auth_time as number) > (first.tokens.claims()!.auth_time as number));
  });

  it('refreshes with offline_access, revokes the refresh token, and logs out (RP-initiated)', async () => {
    const who = await account();
    const { tokens, browser } = await signIn(who, { scope: 'openid email offline_access', prompt: 'consent' });
    assert.ok(tokens.refresh_token, 'offline_access with consent gives a refresh token');

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token);
    assert.equal(refreshed.claims()!.sub, String(who.id));
    assert.deepEqual(refreshed.claims()!.amr, ['pwd']);
    assert.notEqual(refreshed.access_token, tokens.access_token);
    const info = await client.fetchUserInfo(config, refreshed.access_token, String(who.id));
    assert.equal(info.email, who.email);

    const current = refreshed.refresh_token ?? tokens.refresh_token;
    await client.tokenRevocation(config, current, { token_type_hint: 'refresh_token' });
    const refused = await refusal(client.refreshTokenGrant(config, current));
    assert.equal(refused.error, 'invalid_grant');

    const end = client.buildEndSessionUrl(config, {
      id_token_hint: refreshed.id_token!,
      post_logout_redirect_uri: RP.post_logout_redirect_uris[0],
      state: 'bye',
    });
    const confirmPage = await browser.send(end);
    assert.equal(confirmPage.res.status, 200);
    const html = await confirmPage.res.text();
    assert.match(html, /退出/);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(xsrf, 'the logout form carries its xsrf token');
    const action = /action="([^"]+)"/.exec(html)?.[1];
    const done = await browser.send(new URL(action!, end), {
      method: 'POST',
      form: new URLSearchParams({ xsrf, logout: 'yes' }),
    });
    assert.equal(done.res.status, 303);
    const back = new URL(done.location!);
    assert.equal(back.origin + back.pathname, RP.post_logout_redirect_uris[0]);
    assert.equal(back.searchParams.get('state'), 'bye');

    // The OP session is gone: the next sign-in asks for login again.
    await browser.send(new URL('/api/auth/logout', server.url), { method: 'POST', json: {} });
    const next = await signIn(who, {}, browser);
    assert.equal(next.outcome.sawLogin, true);
  });

  describe('refusals with the spec errors', () => {
    let who: Awaited<ReturnType<typeof account>>;
    const browser = new Browser();
    before(async () => {
      who = await account(false);
      await signIn(who, {}, browser); // consent given once; later requests come straight back with a code
    });
    const codeFor = async (params: Record<string, string> = {}) => {
      const req = await authorizationRequest(config, params);
      const outcome = await followAuthorization(browser, req.url, { login: who.login });
      assert.ok(outcome.callback.searchParams.get('code'), `a code: ${outcome.callback}`);
      return { ...req, callback: outcome.callback };
    };
    const tokenRequest = (form: Record<string, string>, auth = `${RP.client_id}:${RP_SECRET}`) =>
      fetch(config.serverMetadata().token_endpoint!, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(auth).toString('base64')}`,
        },
        body: new URLSearchParams(form),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));

    it('never redirects to an unregistered redirect_uri', async () => {
      const req = await authorizationRequest(config, {}, 'http://evil.example/callback');
      const res = await browser.send(req.url);
      assert.equal(res.location, null, 'no redirect to the attacker');
      assert.equal(res.res.status, 400);
      const html = await res.res.text();
      assert.match(html, /redirect_uri/);
      assert.match(html, /登录请求无法完成/, 'the error page speaks Chinese by default');
      const en = await fetch(req.url, { headers: { 'accept-language': 'en-US,en' } }).then((r) => r.text());
      assert.match(en, /could not be completed/);
      // Exact matching: a prefix or another path of a registered URI is as foreign.
      const near = await authorizationRequest(config, {}, `${RP.redirect_uris[0]}/../callback2`);
      assert.equal((await browser.send(near.url)).res.status, 400);
    });

    it('refuses a code redeemed with another redirect_uri than the one it was issued for', async () => {
      const req = await codeFor();
      const res = await tokenRequest({
        grant_type: 'authorization_code',
        code: req.callback.searchParams.get('code')!,
        redirect_uri: 'http://rp.example/other',
        code_verifier: req.verifier,
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'invalid_grant');
    });

    it('refuses a replayed code and revokes what the first redemption issued', async () => {
      const req = await codeFor();
      const tokens = await client.authorizationCodeGrant(config, req.callback, {
        pkceCodeVerifier: req.verifier,
        expectedState: req.state,
        expectedNonce: req.nonce,
      });
      const replay = await refusal(
        client.authorizationCodeGrant(config, req.callback, {
          pkceCodeVerifier: req.verifier,
          expectedState: req.state,
          expectedNonce: req.nonce,
        }),
      );
      assert.equal(replay.error, 'invalid_grant');
      const info = await fetch(config.serverMetadata().userinfo_endpoint!, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      assert.equal(info.status, 401, 'the access token from the first redemption is revoked');
    });

    it('refuses a missing or wrong PKCE verifier (invalid_grant), then the code is spent', async () => {
      const req = await codeFor();
      const code = req.callback.searchParams.get('code')!;
      const base = { grant_type: 'authorization_code', code, redirect_uri: RP.redirect_uris[0] };
      const missing = await tokenRequest(base);
      assert.equal(missing.status, 400);
      assert.equal(missing.body.error, 'invalid_grant');

      const req2 = await codeFor();
      const wrong = await tokenRequest({
        ...base,
        code: req2.callback.searchParams.get('code')!,
        code_verifier: client.randomPKCECodeVerifier(),
      });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.error, 'invalid_grant');
    });

    it('an unknown consent page says the request is gone', async () => {
      const res = await fetch(new URL('/authorize?uid=not-a-real-interaction', server.url));
      assert.equal(res.status, 200);
      assert.match(await res.text(), /这个登录请求已过期或已完成/);
    });

    it('a public client must send a code_challenge (S256); plain is not accepted', async () => {
      const spa = await discover(issuer, PUBLIC_RP);
      const noPkce = client.buildAuthorizationUrl(spa, {
        redirect_uri: PUBLIC_RP.redirect_uris[0],
        scope: 'openid',
        state: 's',
      });
      const res = await browser.send(noPkce);
      const back = new URL(res.location!);
      assert.equal(back.origin + back.pathname, PUBLIC_RP.redirect_uris[0]);
      assert.equal(back.searchParams.get('error'), 'invalid_request');
      assert.match(back.searchParams.get('error_description') ?? '', /PKCE/);
      const plain = client.buildAuthorizationUrl(spa, {
        redirect_uri: PUBLIC_RP.redirect_uris[0],
        scope: 'openid',
        code_challenge: 'a'.repeat(43),
        code_challenge_method: 'plain',
      });
      const res2 = await browser.send(plain);
      assert.equal(new URL(res2.location!).searchParams.get('error'), 'invalid_request');
    });

    it('refuses a wrong client secret with invalid_client (basic and post alike)', async () => {
      const req = await codeFor();
      const code = req.callback.searchParams.get('code')!;
      const form = {
        grant_type: 'authorization_code',
        code,
        redirect_uri: RP.redirect_uris[0],
        code_verifier: req.verifier,
      };
      const basic = await tokenRequest(form, `${RP.client_id}:wrong-secret`);
      assert.equal(basic.status, 401);
      assert.equal(basic.body.error, 'invalid_client');
      const post = await fetch(config.serverMetadata().token_endpoint!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...form, client_id: RP.client_id, client_secret: 'wrong-secret' }),
      });
      assert.equal(post.status, 401);
      assert.equal((await post.json()).error, 'invalid_client');
      // client_secret_post with the right secret works too.
      const good = await fetch(config.serverMetadata().token_endpoint!, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...form, client_id: RP.client_id, client_secret: RP_SECRET }),
      });
      assert.equal(good.status, 200);
    });

    it('refuses an expired code with invalid_grant', async () => {
      const req = await codeFor();
      const code = req.callback.searchParams.get('code')!;
      // Time passes for the stored code: its `exp` (oidc-provider's own expiry field) is now in the past.
      const stored = await server.services.db.oidc.find('AuthorizationCode', code);
      assert.ok(stored, 'the code is stored through the data layer');
      const exp = Math.floor(Date.now() / 1000) - 1;
      await server.services.db.oidc.upsert(
        'AuthorizationCode',
        code,
        { ...stored.payload, exp },
        {
          grantId: stored.payload.grantId as string,
          expiresAt: null,
        },
      );
      const res = await tokenRequest({
        grant_type: 'authorization_code',
        code,
        redirect_uri: RP.redirect_uris[0],
        code_verifier: req.verifier,
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'invalid_grant');
    });

    it('a denied consent goes back to the client as access_denied; the consent form refuses other origins', async () => {
      const stranger = await account(false);
      const req = await authorizationRequest(config);
      const onConsent = async (b: Browser, page: URL) => {
        const zh = await (await b.send(page)).res.text();
        assert.match(zh, /授权 example-site/);
        assert.match(zh, /你的邮箱地址/);
        const en = await fetch(page, { headers: { cookie: 'lang=en' } }).then((r) => r.text());
        assert.match(en, /Authorize example-site/, 'the consent page in English too');
        // A cross-site form post (another Origin) is refused and changes nothing.
        const uid = page.searchParams.get('uid');
        const forged = await fetch(new URL(`/oidc/interaction/${uid}/confirm`, page), {
          method: 'POST',
          redirect: 'manual',
          headers: {
            origin: 'http://evil.example',
            cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          },
        });
        assert.equal(forged.status, 403);
        // Without the interaction cookie (another browser), nothing either.
        const stolen = await fetch(new URL(`/oidc/interaction/${uid}/confirm`, page), {
          method: 'POST',
          redirect: 'manual',
          headers: { origin: page.origin },
        });
        assert.equal(stolen.status, 400);
      };
      const outcome = await followAuthorization(new Browser(), req.url, {
        login: stranger.login,
        deny: true,
        onConsent,
      });
      assert.equal(outcome.callback.searchParams.get('error'), 'access_denied');
      assert.equal(outcome.callback.searchParams.get('state'), req.state);
    });
  });

  it('keeps its signing keys across a restart, and a rotation keeps old tokens valid', async () => {
    const who = await account(false);
    const { tokens } = await signIn(who);
    const before = await (await fetch(config.serverMetadata().jwks_uri!)).json();

    await server.stop({ keepData: true });
    server = await startTestServer(OIDC_ENV, server);
    issuer = `${server.url}/oidc`;
    config = await discover(issuer);
    const afterRestart = await (await fetch(config.serverMetadata().jwks_uri!)).json();
    assert.deepEqual(afterRestart.keys, before.keys, 'the same keys, not new ones');
    // Port 0 gave the restarted server another port, hence another issuer; the signature is what must hold.
    const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
    const verified = await jwtVerify(tokens.id_token!, jwks, { audience: RP.client_id });
    assert.equal(verified.payload.sub, String(who.id));

    const oldKid = decodeProtectedHeader(tokens.id_token!).kid;
    const rotated = await rotateSigningKeys(server.services.db.oidc, Date.now());
    assert.equal(rotated.retired, 1);
    await server.stop({ keepData: true });
    server = await startTestServer(OIDC_ENV, server);
    issuer = `${server.url}/oidc`;
    config = await discover(issuer);
    const kids = (await (await fetch(config.serverMetadata().jwks_uri!)).json()).keys.map(
      (k: { kid: string }) => k.kid,
    );
    assert.deepEqual(kids, [rotated.kid, oldKid], 'the new key signs; the old one stays published');
    const fresh = await signIn(who);
    assert.equal(decodeProtectedHeader(fresh.tokens.id_token!).kid, rotated.kid);
    await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!)), {
      audience: RP.client_id,
    });
  });
});
