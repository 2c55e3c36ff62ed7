import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../lib/config';
import { parseOidcClients } from '../../lib/oidc/clients';

const good = {
  client_id: 'site',
  client_secret: 's'.repeat(32),
  redirect_uris: ['https://site.example/callback'],
};

describe('OIDC_CLIENTS', () => {
  it('accepts confidential and public clients, post-logout URIs defaulting to none', () => {
    const parsed = parseOidcClients(
      JSON.stringify([good, { client_id: 'spa', redirect_uris: ['http://localhost:5173/cb'] }]),
    );
    assert.ok(parsed.ok);
    assert.equal(parsed.clients[1].client_secret, undefined);
    assert.deepEqual(parsed.clients[0].post_logout_redirect_uris, []);
    assert.deepEqual(parseOidcClients(undefined), { ok: true, clients: [] });
  });

  it('reports every mistake on its own line, naming where it is', () => {
    const parsed = parseOidcClients(
      JSON.stringify([
        { ...good, client_secret: 'short', redirect_uris: ['/relative', 'https://x.example/cb#frag'] },
        { client_id: 'bad id!', redirect_uris: [], extra: 1 },
      ]),
    );
    assert.equal(parsed.ok, false);
    assert.ok(!parsed.ok);
    assert.deepEqual(parsed.errors, [
      'OIDC_CLIENTS[0].client_secret: must be at least 32 characters (or left out for a public client)',
      'OIDC_CLIENTS[0].redirect_uris[0]: must be an absolute http(s) URL without a fragment',
      'OIDC_CLIENTS[0].redirect_uris[1]: must be an absolute http(s) URL without a fragment',
      'OIDC_CLIENTS[1].client_id: must be 1-100 letters, digits or . _ ~ -',
      'OIDC_CLIENTS[1].redirect_uris: needs at least one URL',
      'OIDC_CLIENTS[1]: unknown field "extra"',
    ]);
  });

  it('refuses invalid JSON, a non-array and a client listed twice', () => {
    const json = parseOidcClients('[{');
    assert.ok(!json.ok && /^OIDC_CLIENTS: not valid JSON/.test(json.errors[0]));
    const obj = parseOidcClients('{}');
    assert.ok(!obj.ok && obj.errors[0].startsWith('OIDC_CLIENTS: '));
    const twice = parseOidcClients(JSON.stringify([good, good]));
    assert.ok(!twice.ok);
    assert.deepEqual(twice.errors, ['OIDC_CLIENTS[1].client_id: "site" is listed twice']);
  });

  it('stops the start with a ConfigError carrying one line per mistake', () => {
    assert.throws(
      () =>
        loadConfig({
          NODE_ENV: 'test',
          APP_SECRET: 'x'.repeat(32),
          WECHAT_SIMULATOR: 'on',
          OIDC_CLIENTS: JSON.stringify([{ client_id: 'a' }, { client_id: 'b', redirect_uris: ['nope'] }]),
        }),
      (err: unknown) => err instanceof ConfigError && err.message.split('\n').length === 2,
    );
  });
});
