import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { safeNextPath } from '../../lib/http/safe-next';
import { createUser, signedInClient } from '../helpers/accounts';
import type { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';

// Each of these normalises (URL parsing, dot segments, backslash → slash, percent-decoding) to another host.
const ATTACKS = [
  '/.//evil.example',
  '/%2e//evil.example',
  '/%2E%2E//evil.example',
  '/x/..//evil.example',
  '/x/%2e%2e//evil.example',
  '/\\evil.example',
  '/%5cevil.example',
  '/%09/evil.example',
  '/\t/evil.example',
  '/%2f/evil.example',
  '//evil.example',
  'https://evil.example',
  'javascript:alert(1)',
];

/** Where a browser on the site would end up after following `path`. */
const landsOn = (path: string) => new URL(path, 'https://webind.example/login').host;

describe('next after login: no open redirect (issue 13, item 2)', () => {
  it('sends every normalising attack back to /settings and keeps same-site paths', () => {
    for (const evil of ATTACKS) {
      const out = safeNextPath(evil);
      assert.equal(out, '/settings', `${JSON.stringify(evil)} → ${out}`);
    }
    assert.equal(safeNextPath('/settings?tab=wechat#bind'), '/settings?tab=wechat#bind');
    assert.equal(safeNextPath('/a/b/../c'), '/a/c');
    for (const ok of ['/settings?tab=wechat', '/a/b/../c', '/%2e%2e/x', '/x/.%2f/y']) {
      assert.equal(landsOn(safeNextPath(ok)), 'webind.example', ok);
    }
  });

  describe('the server redirect of a signed-in /login', () => {
    let server: TestServer;
    let client: TestClient;
    before(async () => {
      server = await startTestServer();
      const user = await createUser(server, { email: `redir-${Date.now()}@example.com` });
      client = await signedInClient(server, user.id);
    });
    after(() => server.stop());

    it('answers 307 to a same-site location for each attack', async () => {
      for (const evil of ATTACKS) {
        const res = await client.get(`/login?next=${encodeURIComponent(evil)}`);
        assert.equal(res.status, 307, evil);
        const location = res.headers.get('location') ?? '';
        assert.equal(new URL(location, server.url).host, new URL(server.url).host, `${evil} → ${location}`);
        assert.equal(new URL(location, server.url).pathname, '/settings', `${evil} → ${location}`);
      }
      const fine = await client.get(`/login?next=${encodeURIComponent('/settings?tab=wechat')}`);
      assert.equal(new URL(fine.headers.get('location') ?? '', server.url).search, '?tab=wechat');
    });
  });
});
