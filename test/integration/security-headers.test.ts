import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { REAL_WECHAT, startTestServer, type TestServer } from '../helpers/server';

/** A deployment's settings: a real account (simulator off), served over https. */
const PRODUCTION_LIKE = { ...REAL_WECHAT, PUBLIC_URL: 'https://webind.example' };

const cspOf = (res: Response) => res.headers.get('content-security-policy') ?? '';
const directive = (csp: string, name: string) =>
  csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `)) ?? '';

describe('security headers (issue 13, item 7)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(PRODUCTION_LIKE);
  });
  after(() => server.stop());

  it('forbids framing, sniffing and referrers on pages, API routes and the webhook', async () => {
    for (const path of [
      '/',
      '/login',
      '/settings',
      '/bind-account',
      '/api/health',
      '/api/me',
      '/api/wechat',
      '/nope',
    ]) {
      const res = await fetch(`${server.url}${path}`, { redirect: 'manual' });
      const csp = cspOf(res);
      assert.equal(directive(csp, 'frame-ancestors'), "frame-ancestors 'none'", path);
      assert.equal(directive(csp, 'object-src'), "object-src 'none'", path);
      assert.equal(directive(csp, 'base-uri'), "base-uri 'none'", path);
      assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(res.headers.get('referrer-policy'), 'same-origin', path);
      assert.match(res.headers.get('strict-transport-security') ?? '', /^max-age=\d{7,}/, path);
      await res.arrayBuffer();
    }
  });

  it('sends no referrer from /wechat/* pages, whose URLs carry signatures', async () => {
    for (const path of ['/wechat/link?openid=o1&timestamp=1&nonce=n&signature=s', '/wechat/confirm?t=x']) {
      const res = await fetch(`${server.url}${path}`);
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer', path);
      assert.equal(directive(cspOf(res), 'frame-ancestors'), "frame-ancestors 'none'", path);
      await res.arrayBuffer();
    }
  });

  it("puts a fresh per-response nonce on every script Next renders, and ignores a client's CSP header", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${server.url}/login`, {
        headers: { 'content-security-policy': "script-src 'nonce-attackerchosen'" },
      });
      const script = directive(cspOf(res), 'script-src');
      const m = /'nonce-([A-Za-z0-9+/=]+)'/.exec(script);
      assert.ok(m, script);
      assert.notEqual(m[1], 'attackerchosen');
      assert.ok(!script.includes("'unsafe-inline'") && !script.includes("'unsafe-eval'"), script);
      nonces.add(m[1]);
      const html = await res.text();
      const tags = html.match(/<script\b[^>]*>/g) ?? [];
      assert.ok(tags.length > 0, 'the page has scripts');
      for (const tag of tags) assert.ok(tag.includes(`nonce="${m[1]}"`), `script without the nonce: ${tag}`);
    }
    assert.equal(nonces.size, 2, 'each response has its own nonce');
  });

  it('sends no HSTS when PUBLIC_URL is plain http', async () => {
    const plain = await startTestServer({ ...PRODUCTION_LIKE, PUBLIC_URL: 'http://localhost:1' });
    try {
      const res = await fetch(`${plain.url}/login`);
      assert.equal(res.headers.get('strict-transport-security'), null);
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
      await res.arrayBuffer();
    } finally {
      await plain.stop();
    }
  });
});
