import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../lib/config';
import { FOLLOW_QR_RETRY_MS, FOLLOW_SCENE } from '../../lib/scan/follow-qr';
import { isWeChatApiError } from '../../lib/wechat';
import { createUser, signedInClient } from '../helpers/accounts';
import { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';

const PHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const DESKTOP_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

// Phones outside WeChat (issue 15): the login and bind panels show the account's name and its follow QR, a
// permanent QR (QR_LIMIT_STR_SCENE) made once and kept, not one qrcode/create call per page view.
describe('the follow QR on phones outside WeChat', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ WECHAT_ACCOUNT_NAME: '示例服务号' });
  });
  after(() => server.stop());

  const qrCalls = () => server.simulator!.driver.apiCalls().filter((c) => c.path === '/cgi-bin/qrcode/create');
  const followUrlIn = (html: string) => /"url\\?":\\?"(http:\/\/weixin\.qq\.com\/q\/[A-Za-z0-9]+)\\?"/.exec(html)?.[1];

  it('goes without it while WeChat refuses, without asking again on every view, then shows it', async () => {
    server.simulator!.driver.faults.failNext(1, { errcode: 45009, path: '/cgi-bin/qrcode/create' });
    const phone = { 'user-agent': PHONE_UA };
    const first = String((await new TestClient(server.url).get('/login', phone)).body);
    assert.equal(followUrlIn(first), undefined);
    assert.match(first, /id="qr-heading"/, 'the login page itself is served');
    await new TestClient(server.url).get('/login', phone);
    assert.equal(qrCalls().length, 1, 'a failure is kept for a while too');
    const real = server.services.now;
    server.services.now = () => Date.now() + FOLLOW_QR_RETRY_MS + 1000;
    try {
      const later = String((await new TestClient(server.url).get('/login', phone)).body);
      assert.match(followUrlIn(later) ?? '', /^http:\/\/weixin\.qq\.com\/q\//);
      assert.equal(qrCalls().length, 2);
    } finally {
      server.services.now = real;
    }
  });

  it('shows the account name and the same permanent QR on /login and settings, made by one call', async () => {
    const before = qrCalls().length;
    const phone = { 'user-agent': PHONE_UA };
    const urls = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const html = String((await new TestClient(server.url).get('/login', phone)).body);
      assert.match(html, /示例服务号/);
      urls.add(followUrlIn(html) ?? '');
    }
    const user = await createUser(server);
    const settings = String((await (await signedInClient(server, user.id)).get('/settings', phone)).body);
    urls.add(followUrlIn(settings) ?? '');
    assert.equal(urls.size, 1, [...urls].join(' '));
    assert.equal(qrCalls().length, before, 'kept: no call per page view');
    const [url] = urls;
    const qr = server.simulator!.driver.qrs().find((q) => q.url === url);
    assert.ok(qr?.permanent && qr.expiresAt === null && qr.scene === FOLLOW_SCENE);
    // A desktop gets the scannable QR and no follow QR.
    const desktop = String((await new TestClient(server.url).get('/login', { 'user-agent': DESKTOP_UA })).body);
    assert.equal(followUrlIn(desktop), undefined);
  });

  it('a follow through it gets the plain welcome, not a scene error', async () => {
    const url = server.simulator!.driver.qrs().find((q) => q.scene === FOLLOW_SCENE)?.url;
    assert.ok(url);
    const newcomer = server.simulator!.driver.user('fq-newcomer');
    const scanned = await newcomer.scan(url);
    assert.match(scanned.reply ?? '', /欢迎关注/);
    assert.equal(newcomer.info().following, true);
  });

  it('the simulator answers permanent QRs as WeChat documents: the same scene again, then 45029 past the limit', async () => {
    const { wechat } = server.services;
    const a = await wechat.createPermanentQr('fq-a');
    assert.deepEqual(await wechat.createPermanentQr('fq-a'), a, 'a scene made before is handed back');
    const made = server.simulator!.driver.qrs().filter((q) => q.permanent).length;
    server.simulator!.driver.setPermanentQrLimit(made);
    await assert.rejects(wechat.createPermanentQr('fq-b'), (err) => isWeChatApiError(err) && err.errcode === 45029);
    assert.deepEqual(await wechat.createPermanentQr('fq-a'), a, 'not counted again');
    server.simulator!.driver.setPermanentQrLimit(100_000);
  });
});

describe('the account’s own QR (WECHAT_FOLLOW_QR)', () => {
  const OWN = 'http://weixin.qq.com/r/OwnAccountQr123';

  it('is shown to phones instead, with no qrcode/create call — on a subscription account too', async () => {
    const server = await startTestServer({ WECHAT_ACCOUNT_TYPE: 'subscription', WECHAT_FOLLOW_QR: OWN });
    try {
      const html = String((await new TestClient(server.url).get('/login', { 'user-agent': PHONE_UA })).body);
      assert.ok(html.includes(OWN), 'the configured QR');
      const calls = server.simulator!.driver.apiCalls().filter((c) => c.path === '/cgi-bin/qrcode/create');
      assert.equal(calls.length, 0);
    } finally {
      await server.stop();
    }
  });

  it('must be an http(s) URL', () => {
    for (const bad of ['javascript:alert(1)', 'not a url', `http://weixin.qq.com/r/${'x'.repeat(600)}`])
      assert.throws(() => loadConfig({ NODE_ENV: 'test', WECHAT_FOLLOW_QR: bad }), bad);
  });
});
