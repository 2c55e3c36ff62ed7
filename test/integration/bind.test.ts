import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser, signedInClient } from '../helpers/accounts';
import { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';
import { ScanWatcher, sleep } from '../helpers/socket';
import { pushToWebhook, scanEvent, textMessage } from '../helpers/wechat';

describe('binding WeChat by scanning', () => {
  let server: TestServer;
  const open: ScanWatcher[] = [];
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    for (const w of open) w.close();
    await server.stop();
  });

  let n = 0;
  // Accounts are made directly (registration over HTTP is tested elsewhere and rate-limited per IP).
  async function signedIn(email = `user${++n}@example.com`) {
    const user = await createUser(server, { email });
    return Object.assign(await signedInClient(server, user.id), { userId: user.id, email });
  }
  async function bindScene(c: TestClient) {
    const res = await c.post('/api/scan', { purpose: 'bind' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { sceneId: string; qrContent: string; expiresAt: number; watchToken: string };
  }
  function watcher(cookie?: string) {
    const w = new ScanWatcher(server.url, { cookie });
    open.push(w);
    return w;
  }
  const push = (fields: Record<string, string | number>) =>
    pushToWebhook(server.url, server.services.config, fields, { now: server.services.now() });
  const openid = () => `o${Math.random().toString(36).slice(2, 12)}${Date.now().toString(36)}`;

  it('creates a bind scene only for a signed-in user', async () => {
    const anon = new TestClient(server.url);
    const res = await anon.post('/api/scan', { purpose: 'bind' });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'scan_needs_login');
    const c = await signedIn();
    const bad = await c.post('/api/scan', { purpose: 'steal' });
    assert.equal(bad.status, 400);
    const scene = await bindScene(c);
    assert.match(scene.sceneId, /^wb_[A-Za-z0-9_-]{24}$/, "WeBind's prefix, then 144 random bits, base64url");
    assert.match((scene as { keywordCode?: string }).keywordCode ?? '', /^[A-HJ-NP-Z2-9]{6}$/, 'a keyword code too');
    assert.ok(scene.qrContent.length > 0);
    assert.ok(Math.abs(scene.expiresAt - (Date.now() + 300_000)) < 5_000);
    const again = await bindScene(c);
    assert.equal(again.sceneId, scene.sceneId, 'a fresh bind QR is handed back rather than a new one');
  });

  it('turns a WeChat API failure into a clear, retryable error and stores nothing', async () => {
    const c = await signedIn();
    // -1: 系统繁忙 (全局返回码说明) — a passing failure, worth a retry.
    server.simulator!.driver.faults.failNext(3, {
      errcode: -1,
      errmsg: 'system error',
      path: '/cgi-bin/qrcode/create',
    });
    try {
      const res = await c.post('/api/scan', { purpose: 'bind' });
      assert.equal(res.status, 502);
      assert.equal(res.body.error.code, 'wechat_unavailable');
      assert.match(res.body.error.message, /稍后重试/);
      assert.equal(await server.services.repos.scenes.findReusable(c.userId, 'bind', Date.now()), null);
    } finally {
      server.simulator!.driver.faults.reset();
    }
    assert.equal((await c.post('/api/scan', { purpose: 'bind' })).status, 201, 'a retry works once WeChat answers');
  });

  it('says plainly that the daily QR quota is spent (45009) instead of offering a retry, and stores nothing', async () => {
    const c = await signedIn();
    server.simulator!.driver.faults.failNext(3, {
      errcode: 45009,
      errmsg: 'reach max api daily quota limit',
      path: '/cgi-bin/qrcode/create',
    });
    try {
      const res = await c.post('/api/scan', { purpose: 'bind' });
      assert.equal(res.status, 502);
      assert.equal(res.body.error.code, 'qr_quota_exhausted');
      assert.match(res.body.error.message, /明天再试/);
      assert.equal(await server.services.repos.scenes.findReusable(c.userId, 'bind', Date.now()), null);
    } finally {
      server.simulator!.driver.faults.reset();
    }
  });

  it("says plainly when the day's QR quota is spent (the simulator's real 45009), and logs it once", async () => {
    const c = await signedIn();
    const errors: string[] = [];
    const log = server.services.log;
    const realError = log.error.bind(log);
    log.error = ((obj: unknown, msg?: string) => {
      errors.push(String(msg ?? obj));
      return realError(obj as object, msg);
    }) as typeof log.error;
    const sim = server.simulator!.driver;
    // A QR created first: the quota is news again after a success.
    assert.equal((await c.post('/api/scan', { purpose: 'bind' })).status, 201);
    sim.faults.qrDailyLimit(sim.faults.state().qrUsedToday);
    try {
      for (const purpose of ['bind', 'bind']) {
        await server.services.repos.scenes
          .findReusable(c.userId, 'bind', Date.now())
          .then(
            (s) =>
              s &&
              server.services.repos.scenes.transition(s.id, ['pending'], { status: 'conflict', updatedAt: Date.now() }),
          );
        const res = await c.post('/api/scan', { purpose });
        assert.equal(res.status, 502);
        assert.equal(res.body.error.code, 'qr_quota_exhausted');
        assert.match(res.body.error.message, /二维码已用完/);
      }
      assert.equal(errors.filter((e) => e.includes('45009')).length, 1, 'one error log, not one per visitor');
    } finally {
      log.error = realError;
      sim.faults.reset();
    }
  });

  it('rate-limits QR creation per user', async () => {
    const c = await signedIn();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await c.post('/api/scan', { purpose: 'bind' });
      statuses.push(res.status);
      // Used up at once (say, refused as a conflict), so the next request cannot reuse it.
      if (res.status === 201)
        await server.services.repos.scenes.transition(res.body.sceneId, ['pending'], {
          status: 'conflict',
          updatedAt: Date.now(),
        });
    }
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(201));
    assert.equal(statuses[20], 429);
  });

  it('binds on SCAN, pushes `bound` to the watching browser and answers in WeChat', async () => {
    const c = await signedIn('alice@example.com');
    const scene = await bindScene(c);
    const w = watcher();
    assert.deepEqual(await w.watch(scene.watchToken), { ok: true });
    await w.waitForStatus(scene.sceneId, 'pending');
    const who = openid();
    const res = await push(scanEvent(who, scene.sceneId));
    assert.equal(res.status, 200);
    assert.equal(res.reply, '已绑定到账号 a***@example.com。如非本人操作，回复“解绑”');
    const bound = await w.waitForStatus(scene.sceneId, 'bound');
    assert.equal(bound.account, 'a***@example.com');
    const me = await c.get('/api/me');
    assert.equal(me.body.wechat.subscribed, true);
    assert.notEqual(me.body.wechat.openid, who, 'the openid is masked');
    assert.ok(me.body.wechat.openid.includes('***'));
    assert.equal((await server.services.repos.audit.list({ userId: c.userId, action: 'wechat.bound' })).length, 1);
  });

  it('binds a non-follower on subscribe with qrscene_', async () => {
    const c = await signedIn();
    const scene = await bindScene(c);
    const res = await push(scanEvent(openid(), scene.sceneId, false));
    assert.match(res.reply ?? '', /^已绑定到账号/);
    assert.notEqual((await c.get('/api/me')).body.wechat, null);
  });

  it('does the work once for three deliveries of the same event: one binding, one audit row, one push', async () => {
    const c = await signedIn();
    const scene = await bindScene(c);
    const w = watcher();
    await w.watch(scene.watchToken);
    await w.waitForStatus(scene.sceneId, 'pending');
    const event = scanEvent(openid(), scene.sceneId);
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push((await push(event)).reply);
    assert.equal(new Set(replies).size, 1, 'every delivery is answered like the first');
    await sleep(200);
    assert.equal(w.updates.filter((u) => u.status === 'bound').length, 1);
    assert.equal((await server.services.repos.audit.list({ userId: c.userId, action: 'wechat.bound' })).length, 1);
  });

  it('refuses an openid bound to another account, and changes nothing', async () => {
    const first = await signedIn();
    const who = openid();
    await push(scanEvent(who, (await bindScene(first)).sceneId));
    const second = await signedIn();
    const scene = await bindScene(second);
    const w = watcher();
    await w.watch(scene.watchToken);
    const res = await push(scanEvent(who, scene.sceneId));
    assert.match(res.reply ?? '', /已绑定其他账号/);
    const conflict = await w.waitForStatus(scene.sceneId, 'conflict');
    assert.equal(conflict.reason, 'openid_taken');
    assert.equal((await second.get('/api/me')).body.wechat, null);
    assert.equal((await server.services.repos.bindings.findByOpenid(who))?.userId, first.userId);
  });

  it('refuses an account already bound to another openid', async () => {
    const c = await signedIn();
    const mine = openid();
    await push(scanEvent(mine, (await bindScene(c)).sceneId));
    // A second bind scene for an already-bound account (e.g. opened in another tab before binding).
    const scene = await bindScene(c);
    const w = watcher();
    await w.watch(scene.watchToken);
    const res = await push(scanEvent(openid(), scene.sceneId));
    assert.match(res.reply ?? '', /已绑定了另一个微信/);
    assert.equal((await w.waitForStatus(scene.sceneId, 'conflict')).reason, 'user_taken');
    assert.equal((await server.services.repos.bindings.findByUser(c.userId))?.openid, mine);
  });

  it('binding the same pair again is a quiet success', async () => {
    const c = await signedIn();
    const who = openid();
    await push(scanEvent(who, (await bindScene(c)).sceneId));
    const scene = await bindScene(c);
    const res = await push(scanEvent(who, scene.sceneId, true, Math.floor(Date.now() / 1000) + 1));
    assert.match(res.reply ?? '', /无需重复绑定/);
    assert.equal((await server.services.repos.audit.list({ userId: c.userId, action: 'wechat.bound' })).length, 1);
  });

  it('refuses a used scene scanned by someone else', async () => {
    const c = await signedIn();
    const scene = await bindScene(c);
    const who = openid();
    await push(scanEvent(who, scene.sceneId));
    const res = await push(scanEvent(openid(), scene.sceneId));
    assert.match(res.reply ?? '', /已被使用/);
    assert.equal((await server.services.repos.bindings.findByUser(c.userId))?.openid, who);
  });

  it('refuses an expired scene, and a fresh QR replaces it', async () => {
    const c = await signedIn();
    const scene = await bindScene(c);
    const w = watcher();
    await w.watch(scene.watchToken);
    const realNow = server.services.now;
    server.services.now = () => Date.now() + 301_000;
    try {
      const res = await push(scanEvent(openid(), scene.sceneId));
      assert.match(res.reply ?? '', /已过期/);
      await w.waitForStatus(scene.sceneId, 'expired');
      const fresh = await bindScene(c);
      assert.notEqual(fresh.sceneId, scene.sceneId);
    } finally {
      server.services.now = realNow;
    }
    assert.equal((await c.get('/api/me')).body.wechat, null);
  });

  it('answers an unknown WeBind scene politely', async () => {
    const res = await push(scanEvent(openid(), 'wb_no-such-scene-000000000000'));
    assert.equal(res.status, 200);
    assert.match(res.reply ?? '', /已失效/);
  });

  it("leaves a foreign scene (another QR of the account) alone: no 'expired', and a follow through it gets the welcome", async () => {
    const scan = await push(scanEvent(openid(), 'spring_campaign_poster'));
    assert.equal(scan.status, 200);
    assert.equal(scan.reply, null);
    const follow = await push(scanEvent(openid(), '1024', false));
    assert.equal(follow.status, 200);
    assert.doesNotMatch(follow.reply ?? '', /失效|过期/);
    assert.match(follow.reply ?? '', /欢迎关注/);
  });

  it('tells a browser that reconnects after the scan what it missed', async () => {
    const c = await signedIn();
    const scene = await bindScene(c);
    const w1 = watcher();
    await w1.watch(scene.watchToken);
    w1.close();
    await push(scanEvent(openid(), scene.sceneId));
    const w2 = watcher();
    assert.deepEqual(await w2.watch(scene.watchToken), { ok: true });
    await w2.waitForStatus(scene.sceneId, 'bound');
  });

  it('refuses forged, expired and tampered watch tokens, which join nothing', async () => {
    const c = await signedIn();
    const scene = await bindScene(c);
    const [id, expires, mac] = scene.watchToken.split('.');
    const other = await bindScene(await signedIn());
    const forged = [
      'garbage',
      '',
      `${id}.${expires}.${'A'.repeat(mac.length)}`,
      `${other.sceneId}.${expires}.${mac}`,
      `${id}.${Number(expires) + 1000}.${mac}`,
      `${id}.${Date.now() - 1000}.${mac}`,
      { $gt: '' },
      'x'.repeat(10_000),
    ];
    const w = watcher();
    for (const token of forged) {
      const ack = await w.watch(token);
      assert.equal(ack.ok, false, `token ${JSON.stringify(token).slice(0, 40)} must be refused`);
      if (!ack.ok) assert.equal(ack.code, 'watch_token_invalid');
    }
    await push(scanEvent(openid(), scene.sceneId));
    await sleep(200);
    assert.deepEqual(w.updates, [], 'a refused watcher hears nothing');
  });

  it('unbinds from settings (audited) and by replying 解绑 in WeChat, live on the settings page', async () => {
    const c = await signedIn('bob@example.com');
    const who = openid();
    await push(scanEvent(who, (await bindScene(c)).sceneId));
    const del = await c.delete('/api/wechat/binding');
    assert.equal(del.status, 200);
    assert.equal((await c.get('/api/me')).body.wechat, null);
    assert.equal((await c.delete('/api/wechat/binding')).status, 404);

    await push(scanEvent(who, (await bindScene(c)).sceneId, true, Math.floor(Date.now() / 1000) + 2));
    const page = watcher([...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    await page.connected();
    await sleep(100);
    const res = await push(textMessage(who, '解绑'));
    assert.equal(res.reply, '已解除与账号 b***@example.com 的绑定。');
    await page.waitForAccount((u) => u.wechat === null);
    const audit = await server.services.repos.audit.list({ userId: c.userId, action: 'wechat.unbound' });
    assert.deepEqual(
      audit.map((a) => (a.detail as { via: string }).via),
      ['web', 'wechat'],
    );
  });

  it('tells the WeChat user when the binding is removed on the web, where WeChat allows a message', async () => {
    const c = await signedIn('carol@example.com');
    const phone = server.simulator!.driver.user('unbind-notice', { following: true });
    await phone.scan((await bindScene(c)).qrContent);
    assert.ok(await server.services.repos.bindings.findByUser(c.userId));
    assert.equal((await c.delete('/api/wechat/binding')).status, 200);
    const notice = /已在网页上与账号 c\*\*\*@example\.com 解除绑定/;
    const deadline = Date.now() + 3000;
    while (!phone.timeline().some((e) => e.kind === 'account_text' && notice.test(e.text)) && Date.now() < deadline)
      await sleep(50);
    assert.ok(
      phone.timeline().some((e) => e.kind === 'account_text' && e.via === 'custom' && notice.test(e.text)),
      'the unbind notice reached the phone as a customer-service message inside the scan window',
    );
  });

  it('keeps the binding on unsubscribe but marks it', async () => {
    const c = await signedIn();
    const who = openid();
    await push(scanEvent(who, (await bindScene(c)).sceneId));
    await push({ FromUserName: who, MsgType: 'event', Event: 'unsubscribe', EventKey: '' });
    const me = await c.get('/api/me');
    assert.equal(me.body.wechat.subscribed, false);
  });

  it('gives two users binding at the same moment each their own result', async () => {
    const [a, b] = await Promise.all([signedIn(), signedIn()]);
    const [sa, sb] = await Promise.all([bindScene(a), bindScene(b)]);
    const [oa, ob] = [openid(), openid()];
    await Promise.all([push(scanEvent(oa, sa.sceneId)), push(scanEvent(ob, sb.sceneId))]);
    assert.equal((await server.services.repos.bindings.findByUser(a.userId))?.openid, oa);
    assert.equal((await server.services.repos.bindings.findByUser(b.userId))?.openid, ob);
  });

  it('binds 100 concurrent scans of 100 different scenes correctly', async () => {
    const users = [];
    for (let i = 0; i < 100; i++) users.push(await signedIn(`many${i}@example.com`));
    // QR codes are made ten at a time (their creation is not what this test measures); the scans are all at once.
    const scenes: Awaited<ReturnType<typeof bindScene>>[] = [];
    for (let i = 0; i < users.length; i += 10)
      scenes.push(...(await Promise.all(users.slice(i, i + 10).map((u) => bindScene(u)))));
    const watchers = scenes.map(() => watcher());
    await Promise.all(watchers.map((w, i) => w.watch(scenes[i].watchToken)));
    const ids = users.map(() => openid());
    const results = await Promise.all(scenes.map((s, i) => push(scanEvent(ids[i], s.sceneId))));
    assert.ok(results.every((r) => r.status === 200 && r.reply?.startsWith('已绑定到账号')));
    await Promise.all(watchers.map((w, i) => w.waitForStatus(scenes[i].sceneId, 'bound')));
    for (let i = 0; i < 100; i++)
      assert.equal((await server.services.repos.bindings.findByUser(users[i].userId))?.openid, ids[i]);
  });
});
