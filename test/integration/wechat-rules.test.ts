import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashPassword } from '../../lib/auth/password';
import { SESSION_COOKIE, startSession } from '../../lib/auth/sessions';
import { maskOpenid } from '../../lib/log';
import { KEYWORD_TRIES_PER_OPENID } from '../../lib/scan/handle-keyword-code';
import { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';
import { ScanWatcher, sleep } from '../helpers/socket';

type CreatedScan = { sceneId: string; qrContent: string; watchToken: string; keywordCode: string; accountName: string };

async function signedIn(server: TestServer, email: string) {
  const user = (await server.services.repos.users.create({
    email,
    passwordHash: await hashPassword('password 12345'),
    now: Date.now(),
  }))!;
  const c = new TestClient(server.url);
  c.cookies.set(SESSION_COOKIE, (await startSession(server.services, user.id, { ip: null, userAgent: null })).token);
  return { user, c };
}

async function waitFor<T>(fn: () => Promise<T | null | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await fn();
    if (v) return v;
    await sleep(30);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('keyword codes, revocation events and the delivery chain (service account, no code template)', () => {
  let server: TestServer;
  const watchers: ScanWatcher[] = [];
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    for (const w of watchers) w.close();
    await server.stop();
  });
  const sim = () => server.simulator!.driver;

  it('binds through a keyword code sent as a text (any case), once; the QR is offered too', async () => {
    const { user, c } = await signedIn(server, 'kw-bind@example.com');
    const res = await c.post('/api/scan', { purpose: 'bind' });
    assert.equal(res.status, 201);
    const scan = res.body as CreatedScan;
    assert.match(scan.keywordCode, /^[A-HJ-NP-Z2-9]{6}$/);
    assert.ok(scan.qrContent.startsWith('http://weixin.qq.com/q/'), 'a service account shows the QR as well');
    assert.equal(scan.accountName, 'WeBind');
    const w = new ScanWatcher(server.url);
    watchers.push(w);
    await w.watch(scan.watchToken);
    const phone = sim().user('kw-binder', { following: true });
    const sent = await phone.send(` ${scan.keywordCode.toLowerCase()} `);
    assert.match(sent.reply ?? '', /绑定成功|已绑定/);
    await w.waitForStatus(scan.sceneId, 'bound');
    assert.equal((await server.services.repos.bindings.findByUser(user.id))?.openid, phone.openid);
    const again = await sim().user('kw-other', { following: true }).send(scan.keywordCode);
    assert.match(again.reply ?? '', /口令无效或已过期/, 'single use');
  });

  it('ignores texts not shaped like a code, and limits tries per openid', async () => {
    const phone = sim().user('kw-guesser', { following: true });
    assert.equal((await phone.send('THANKS')).reply, null, 'a word is not a code');
    const replies: string[] = [];
    for (let i = 0; i < KEYWORD_TRIES_PER_OPENID + 1; i++)
      replies.push((await phone.send(`ZZZZ${i % 2 ? 23 : 45}`)).reply ?? '');
    assert.ok(replies.slice(0, KEYWORD_TRIES_PER_OPENID).every((r) => /口令无效/.test(r)));
    assert.match(replies.at(-1)!, /尝试次数太多/);
  });

  it('a user_authorization_revoke unbinds and deletes what WeBind holds on the openid, audited with the openid masked', async () => {
    const { user, c } = await signedIn(server, 'revoke@example.com');
    const scan = (await c.post('/api/scan', { purpose: 'bind' })).body as CreatedScan;
    const phone = sim().user('revoker', { following: true });
    await phone.scan(scan.qrContent);
    assert.ok(await server.services.repos.bindings.findByUser(user.id));
    const result = await phone.authorizationChange('user_authorization_revoke');
    assert.equal(result.outcome, 'success');
    assert.equal(await server.services.repos.bindings.findByOpenid(phone.openid), null);
    assert.equal((await c.get('/api/me')).body.wechat, null);
    const [row] = await server.services.repos.audit.list({ userId: user.id, action: 'wechat.authorization_revoked' });
    assert.equal(row.openid, null);
    assert.deepEqual(row.detail, { openid: maskOpenid(phone.openid), unbound: true });
    assert.ok(!JSON.stringify(row).includes(phone.openid), 'the record keeps no full openid');
    assert.equal(
      (await server.services.repos.audit.list({ openid: phone.openid, action: 'wechat.authorization_revoked' })).length,
      0,
    );
    assert.equal((await server.services.repos.scenes.get(scan.sceneId))?.openid, null, 'the scene forgets the openid');
  });

  it('a cancellation unbinds too; user_info_modified is recorded and changes nothing', async () => {
    const { user, c } = await signedIn(server, 'cancel@example.com');
    const scan = (await c.post('/api/scan', { purpose: 'bind' })).body as CreatedScan;
    const phone = sim().user('canceller', { following: true });
    await phone.scan(scan.qrContent);
    await phone.authorizationChange('user_info_modified');
    assert.ok(await server.services.repos.bindings.findByUser(user.id), 'still bound after info_modified');
    assert.equal(
      (await server.services.repos.audit.list({ userId: user.id, action: 'wechat.user_info_modified' })).length,
      1,
    );
    await phone.authorizationChange('user_authorization_cancellation');
    assert.equal(await server.services.repos.bindings.findByUser(user.id), null);
    assert.equal(
      (await server.services.repos.audit.list({ userId: user.id, action: 'wechat.account_cancelled' })).length,
      1,
    );
  });

  it('without a code template, an email request outside any window is "not delivered", with both attempts', async () => {
    const { user } = await signedIn(server, 'notemplate@example.com');
    const phone = sim().user('notemplate', { following: true });
    await server.services.repos.bindings.insert({
      userId: user.id,
      openid: phone.openid,
      boundAt: Date.now(),
      subscribed: true,
      subscribedChangedAt: null,
    });
    const res = await new TestClient(server.url).post('/api/auth/password-reset/request', { email: user.email });
    assert.equal(res.status, 202);
    const [row] = await waitFor(async () => {
      const rows = await server.services.repos.audit.list({
        userId: user.id,
        action: 'password_reset.code_undelivered',
      });
      return rows.length ? rows : null;
    }, 'the undelivered record');
    assert.deepEqual(row.detail, {
      trigger: 'email',
      attempts: [
        { channel: 'custom', outcome: 'no_window' },
        { channel: 'template', outcome: 'no_template' },
      ],
    });
    assert.ok(
      !sim()
        .apiCalls()
        .some((call) => call.path.includes('/message/')),
      'nothing WeChat would refuse was tried',
    );
  });
});

describe('a subscription account (WECHAT_ACCOUNT_TYPE=subscription)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ WECHAT_ACCOUNT_TYPE: 'subscription', WECHAT_ACCOUNT_NAME: '小绑助手' });
  });
  after(async () => {
    await server.stop();
  });

  it('creates scenes without qrcode/create (WeChat would answer 48001) and binds through the keyword code', async () => {
    const sim = server.simulator!.driver;
    assert.equal(sim.account.type, 'subscription');
    assert.equal(sim.account.name, '小绑助手');
    const { user, c } = await signedIn(server, 'sub@example.com');
    const res = await c.post('/api/scan', { purpose: 'bind' });
    assert.equal(res.status, 201);
    const scan = res.body as CreatedScan;
    assert.equal(scan.qrContent, '');
    assert.equal(scan.accountName, '小绑助手');
    assert.ok(!sim.apiCalls().some((call) => call.path === '/cgi-bin/qrcode/create'));
    // WeChat itself refuses a parametric QR to this account.
    await assert.rejects(server.services.wechat.createTempQr({ sceneStr: 'wb_x' }, 60), { errcode: 48001 });
    const phone = sim.user('sub-follower', { following: true });
    assert.match((await phone.send(scan.keywordCode)).reply ?? '', /绑定成功|已绑定/);
    assert.equal((await server.services.repos.bindings.findByUser(user.id))?.openid, phone.openid);
  });
});
