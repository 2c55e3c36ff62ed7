import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as client from 'openid-client';
import { TestClient } from '../helpers/client';
import { type Instance, startInstance, wechatOf } from '../helpers/instances';
import {
  authorizationRequest,
  Browser,
  discover,
  followAuthorization,
  OIDC_ENV,
  passwordLogin,
  RP,
} from '../helpers/oidc';
import { createPgDatabase, postgresReachable } from '../helpers/postgres';

// Both instances answer for one public address, as behind a load balancer; the test plays the balancer.
const PUBLIC_URL = 'http://webind.test';

describe('Sign in with WeChat across two instances on PostgreSQL', async () => {
  const down = await postgresReachable();
  if (down) console.warn(`\n!!! two-instance OIDC test SKIPPED: PostgreSQL unreachable (${down}) !!!\n`);

  describe('authorize on A, token on B', { skip: down ?? false }, () => {
    let a: Instance;
    let b: Instance;
    let db: Awaited<ReturnType<typeof createPgDatabase>>;
    before(async () => {
      db = await createPgDatabase();
      // TRUST_PROXY=1: the instances build their URLs from the balancer's X-Forwarded-Host, as deployed.
      const shared = { DATABASE_URL: db.url, PUBLIC_URL, TRUST_PROXY: '1', ...OIDC_ENV };
      a = await startInstance('A', { ...shared, WECHAT_SIMULATOR: 'on' });
      b = await startInstance('B', { ...shared, ...wechatOf(a.url) });
    });
    after(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await db?.drop();
    });

    /** The balancer: every request for the public address goes to `target`, with the headers a proxy adds. */
    const to = (target: () => Instance) => (url: URL) =>
      url.origin === PUBLIC_URL ? new URL(url.pathname + url.search, target().url) : url;
    const forwarded = { 'x-forwarded-host': new URL(PUBLIC_URL).host, 'x-forwarded-proto': 'http' };

    it('serves one flow across both: interaction and consent on A, code redeemed, userinfo and refresh on B', async () => {
      const email = `two-instances-${Date.now()}@example.com`;
      const reg = await new TestClient(a.url).post('/api/auth/register', { email, password: 'two instances pw' });
      assert.equal(reg.status, 201);

      let current = a;
      const served: string[] = [];
      const route = (url: URL) => {
        const target = to(() => current)(url);
        served.push(`${current.name} ${url.pathname}`);
        return target;
      };
      const config = await discover(`${PUBLIC_URL}/oidc`, RP, route, forwarded);
      assert.notEqual(a.url, b.url);
      // Both instances publish the same keys: generated once, kept in the shared database.
      const jwksA = await (await fetch(`${a.url}/oidc/jwks`)).json();
      const jwksB = await (await fetch(`${b.url}/oidc/jwks`)).json();
      assert.deepEqual(jwksA, jwksB);
      assert.equal(jwksA.keys.length, 1);

      const req = await authorizationRequest(config, { scope: 'openid email offline_access', prompt: 'consent' });
      const browser = new Browser(route, forwarded);
      const outcome = await followAuthorization(browser, req.url, { login: passwordLogin(email, 'two instances pw') });
      assert.ok(outcome.sawLogin && outcome.sawConsent);

      assert.ok(served.includes('A /oidc/token') === false && served.some((s) => s.startsWith('A /oidc/auth')));
      current = b; // the code, the tokens and everything after go to the other instance
      const tokens = await client.authorizationCodeGrant(config, outcome.callback, {
        pkceCodeVerifier: req.verifier,
        expectedState: req.state,
        expectedNonce: req.nonce,
      });
      assert.equal(tokens.claims()!.iss, `${PUBLIC_URL}/oidc`);
      assert.deepEqual(tokens.claims()!.amr, ['pwd']);
      const info = await client.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
      assert.equal(info.email, email);
      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
      assert.equal(refreshed.claims()!.sub, tokens.claims()!.sub);
      assert.ok(served.includes('B /oidc/token') && served.includes('B /oidc/me'), served.join(', '));

      // And back on A: the OP session made on A is known on B too (no login, no consent).
      const again = await authorizationRequest(config, { scope: 'openid email' }); // within what was granted
      const second = await followAuthorization(browser, again.url);
      assert.equal(second.sawLogin, false);
      assert.equal(second.sawConsent, false);
      current = a;
      const tokens2 = await client.authorizationCodeGrant(config, second.callback, {
        pkceCodeVerifier: again.verifier,
        expectedState: again.state,
        expectedNonce: again.nonce,
      });
      assert.equal(tokens2.claims()!.sub, tokens.claims()!.sub);
    });
  });
});
