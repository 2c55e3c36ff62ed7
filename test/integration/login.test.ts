import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SESSION_COOKIE } from '../../lib/auth/sessions';
import { safeNextPath } from '../../lib/http/safe-next';
import { createUser, signedInClient } from '../helpers/accounts';
import { TestClient } from '../helpers/client';
import { startTestServer } from '../helpers/server';
import { ScanWatcher, sleep } from '../helpers/socket';
import { linkInReply, pushToWebhook, scanEvent, textMessage } from '../helpers/wechat';

const openid = () => `o${Math.random().toString(36).slice(2, 12)}${Date.now().toString(36)}`;
const hrefIn = (reply: string | null) => new URL(linkInReply(reply));

async function setup(env: Record<string, string> = {}) {
  const server = await startTestServer(env);
  const push = (fields: Record<string, string | number>) =>
    pushToWebhook(server.url, server.services.config, fields, { now: server.services.now() });
  let n = 0;
  /** A user bound to a fresh openid, made through the real bind flow. */
  async function boundUser(email = `bound${++n}-${Date.now()}@example.com`) {
    const user = await createUser(server, { email });
    const c = await signedInClient(server, user.id);
    const scene = (await c.post('/api/scan', { purpose: 'bind' })).body;
    const who = openid();
    await push(scanEvent(who, scene.sceneId));
    return { user, openid: who };
  }
  async function loginScene(browser = new TestClient(server.url)) {
    const res = await browser.post(
      '/api/scan',
      { purpose: 'login' },
      { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0) Chrome/156.0' },
    );
    assert.equal(res.status, 201);
    return {
      browser,
      scene: res.body as { sceneId: string; watchToken: string; qrContent: string; expiresAt: number },
    };
  }
  return { server, push, boundUser, loginScene };
}

describe('scan to log in (confirm on the phone)', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  const watchers: ScanWatcher[] = [];
  before(async () => {
    s = await setup();
  });
  after(async () => {
    for (const w of watchers) w.close();
    await s.server.stop();
  });
  const watch = async (token: string) => {
    const w = new ScanWatcher(s.server.url);
    watchers.push(w);
    assert.deepEqual(await w.watch(token), { ok: true });
    return w;
  };

  it('ties the login QR to the browser with an httpOnly key whose hash alone is stored', async () => {
    const { browser, scene } = await s.loginScene();
    const key = browser.cookies.get('webind_browser_key');
    assert.ok(key && key.length === 43);
    const stored = await s.server.services.repos.scenes.get(scene.sceneId);
    assert.ok(stored?.browserKeyHash && !stored.browserKeyHash.includes(key));
    const again = await s.loginScene(browser);
    assert.equal(browser.cookies.get('webind_browser_key'), key, 'one key per browser, so two tabs both work');
    // Each QR spends the account's daily qrcode/create quota: the browser gets its still-valid QR back.
    assert.equal(again.scene.sceneId, scene.sceneId);
    const other = await s.loginScene();
    assert.notEqual(other.scene.sceneId, scene.sceneId, 'another browser gets its own');
  });

  it('logs in a bound user after confirmation on the phone, once', async () => {
    const { user, openid: who } = await s.boundUser();
    const { browser, scene } = await s.loginScene();
    const w = await watch(scene.watchToken);
    const res = await s.push(scanEvent(who, scene.sceneId));
    await w.waitForStatus(scene.sceneId, 'confirming');
    const link = hrefIn(res.reply);
    assert.equal(link.pathname, '/wechat/confirm');

    const page = await fetch(link).then((r) => r.text());
    assert.match(page, /Chrome · Windows/);
    assert.match(page, /确认登录/);

    const early = await browser.post('/api/auth/wechat', { sceneId: scene.sceneId });
    assert.equal(early.status, 409, 'not before the phone confirms');

    const phone = new TestClient(s.server.url);
    const approve = await phone.post('/api/auth/wechat/confirm', {
      token: link.searchParams.get('token'),
      approve: true,
    });
    assert.deepEqual(approve.body, { status: 'login_ready' });
    await w.waitForStatus(scene.sceneId, 'login_ready');
    assert.equal(
      (await phone.post('/api/auth/wechat/confirm', { token: link.searchParams.get('token'), approve: false })).status,
      409,
      'the link works once',
    );

    const thief = new TestClient(s.server.url);
    const stolen = await thief.post('/api/auth/wechat', { sceneId: scene.sceneId });
    assert.equal(stolen.status, 403, 'another browser without the key cookie cannot finish it');
    assert.equal(stolen.body.error.code, 'browser_mismatch');
    assert.equal(thief.cookies.has(SESSION_COOKIE), false);

    browser.cookies.set(SESSION_COOKIE, 'a-session-the-attacker-planted');
    const done = await browser.post('/api/auth/wechat', { sceneId: scene.sceneId });
    assert.equal(done.status, 200);
    assert.equal(done.body.user.id, user.id);
    assert.notEqual(browser.cookies.get(SESSION_COOKIE), 'a-session-the-attacker-planted', 'a fresh session is issued');
    assert.equal((await browser.get('/api/me')).body.user.id, user.id);

    const reuse = await browser.post('/api/auth/wechat', { sceneId: scene.sceneId });
    assert.equal(reuse.status, 409);
    assert.equal(reuse.body.error.code, 'scene_used');
    assert.equal((await s.server.services.repos.audit.list({ userId: user.id, action: 'login.wechat' })).length, 1);
  });

  it('a cancel on the phone is told to the browser and logs nobody in', async () => {
    const { openid: who } = await s.boundUser();
    const { browser, scene } = await s.loginScene();
    const w = await watch(scene.watchToken);
    const link = hrefIn((await s.push(scanEvent(who, scene.sceneId))).reply);
    const res = await new TestClient(s.server.url).post('/api/auth/wechat/confirm', {
      token: link.searchParams.get('token'),
      approve: false,
    });
    assert.deepEqual(res.body, { status: 'cancelled' });
    await w.waitForStatus(scene.sceneId, 'cancelled');
    assert.equal((await browser.post('/api/auth/wechat', { sceneId: scene.sceneId })).status, 409);
    assert.equal(browser.cookies.has(SESSION_COOKIE), false);
  });

  it('refuses a forged or tampered confirm link', async () => {
    const { openid: who } = await s.boundUser();
    const { scene } = await s.loginScene();
    const token = hrefIn((await s.push(scanEvent(who, scene.sceneId))).reply).searchParams.get('token')!;
    const [id, exp, mac] = token.split('.');
    const phone = new TestClient(s.server.url);
    for (const bad of [
      `${id}.${exp}.${mac.slice(0, -2)}xx`,
      `${id}.${Number(exp) + 1}.${mac}`,
      'nonsense',
      `${id}.${exp}`,
    ]) {
      const res = await phone.post('/api/auth/wechat/confirm', { token: bad, approve: true });
      assert.equal(res.status, 403, bad);
    }
    assert.equal((await s.server.services.repos.scenes.get(scene.sceneId))?.status, 'confirming');
  });

  it('sends an unbound WeChat to /bind-account, where registering binds the openid the server holds', async () => {
    const { browser, scene } = await s.loginScene();
    const w = await watch(scene.watchToken);
    const who = openid();
    const res = await s.push(scanEvent(who, scene.sceneId, false));
    assert.match(res.reply ?? '', /新账号/);
    await w.waitForStatus(scene.sceneId, 'confirming');
    const approved = await new TestClient(s.server.url).post('/api/auth/wechat/confirm', {
      token: hrefIn(res.reply).searchParams.get('token'),
      approve: true,
    });
    assert.deepEqual(approved.body, { status: 'needs_binding' });
    await w.waitForStatus(scene.sceneId, 'needs_binding');

    const other = new TestClient(s.server.url);
    const refused = await other.post('/api/auth/bind-account', {
      sceneId: scene.sceneId,
      mode: 'register',
      email: 'thief@example.com',
      password: 'long password',
    });
    assert.equal(refused.status, 403, 'only the browser that showed the QR');
    assert.equal(await s.server.services.repos.users.findByEmail('thief@example.com'), null);

    const done = await browser.post('/api/auth/bind-account', {
      sceneId: scene.sceneId,
      mode: 'register',
      email: 'newbie@example.com',
      password: 'long password',
      openid: 'attacker-openid',
    });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const me = await browser.get('/api/me');
    assert.equal(me.body.user.email, 'newbie@example.com');
    assert.equal((await s.server.services.repos.bindings.findByOpenid(who))?.userId, me.body.user.id);
    assert.equal(await s.server.services.repos.bindings.findByOpenid('attacker-openid'), null);
    await w.waitForStatus(scene.sceneId, 'bound');
    const again = await browser.post('/api/auth/bind-account', {
      sceneId: scene.sceneId,
      mode: 'register',
      email: 'second@example.com',
      password: 'long password',
    });
    assert.equal(again.status, 409);
  });

  it('binds by logging in on /bind-account, and a wrong password changes nothing', async () => {
    const existing = new TestClient(s.server.url);
    await existing.post('/api/auth/register', { email: 'olduser@example.com', password: 'old password' });
    const { browser, scene } = await s.loginScene();
    const who = openid();
    const scanned = await s.push(scanEvent(who, scene.sceneId));
    await new TestClient(s.server.url).post('/api/auth/wechat/confirm', {
      token: hrefIn(scanned.reply).searchParams.get('token'),
      approve: true,
    });
    const wrong = await browser.post('/api/auth/bind-account', {
      sceneId: scene.sceneId,
      mode: 'login',
      email: 'olduser@example.com',
      password: 'nope nope',
    });
    assert.equal(wrong.status, 401);
    assert.equal((await s.server.services.repos.scenes.get(scene.sceneId))?.status, 'needs_binding');
    const ok = await browser.post('/api/auth/bind-account', {
      sceneId: scene.sceneId,
      mode: 'login',
      email: 'olduser@example.com',
      password: 'old password',
    });
    assert.equal(ok.status, 200);
    assert.notEqual((await browser.get('/api/me')).body.wechat, null);
  });

  it('keeps login and bind scenes apart', async () => {
    const c = new TestClient(s.server.url);
    await c.post('/api/auth/register', { email: 'apart@example.com', password: 'long password' });
    const bind = (await c.post('/api/scan', { purpose: 'bind' })).body;
    const asLogin = await c.post('/api/auth/wechat', { sceneId: bind.sceneId });
    assert.equal(asLogin.status, 404, 'a bind scene cannot finish a login');
    const asBindAccount = await c.post('/api/auth/bind-account', {
      sceneId: bind.sceneId,
      mode: 'login',
      email: 'apart@example.com',
      password: 'long password',
    });
    assert.equal(asBindAccount.status, 404);
    // A login scene scanned is a login, never a binding of the scanner to whoever made it.
    const { scene } = await s.loginScene(c);
    const who = openid();
    await s.push(scanEvent(who, scene.sceneId));
    assert.equal(await s.server.services.repos.bindings.findByOpenid(who), null);
    assert.equal((await c.get('/api/me')).body.wechat, null);
  });

  it("a watcher of another browser's scene learns its state but cannot log in", async () => {
    const { openid: who } = await s.boundUser();
    const { scene } = await s.loginScene();
    const spy = await watch(scene.watchToken);
    const link = hrefIn((await s.push(scanEvent(who, scene.sceneId))).reply);
    await new TestClient(s.server.url).post('/api/auth/wechat/confirm', {
      token: link.searchParams.get('token'),
      approve: true,
    });
    const ready = await spy.waitForStatus(scene.sceneId, 'login_ready');
    assert.deepEqual(
      Object.keys(ready).sort(),
      ['expiresAt', 'purpose', 'sceneId', 'status'],
      'no session token travels over the socket',
    );
    const spyBrowser = new TestClient(s.server.url);
    await spyBrowser.post('/api/scan', { purpose: 'login' }); // the spy has a key of its own, just not that one
    assert.equal((await spyBrowser.post('/api/auth/wechat', { sceneId: scene.sceneId })).status, 403);
  });

  it('refuses an expired login scene', async () => {
    const { openid: who } = await s.boundUser();
    const { browser, scene } = await s.loginScene();
    const real = s.server.services.now;
    s.server.services.now = () => Date.now() + 301_000;
    try {
      const res = await s.push(scanEvent(who, scene.sceneId));
      assert.match(res.reply ?? '', /已过期/);
      assert.equal((await browser.post('/api/auth/wechat', { sceneId: scene.sceneId })).status, 410);
    } finally {
      s.server.services.now = real;
    }
  });
});

describe('signed links inside WeChat', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  before(async () => {
    s = await setup();
  });
  after(() => s.server.stop());

  const link = async (who: string, text = '绑定') => hrefIn((await s.push(textMessage(who, text))).reply);
  const submit = (u: URL, body: Record<string, string>, client = new TestClient(s.server.url)) =>
    client.post('/api/auth/bind-link', { ...Object.fromEntries(u.searchParams), ...body });
  /** A browser whose reader proved to be `who` (outside WeChat: the page's keyword code, sent from `who`). */
  async function reader(u: URL, who: string) {
    const client = new TestClient(s.server.url);
    const started = await client.post('/api/auth/link-reader', Object.fromEntries(u.searchParams));
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assert.match((await s.push(textMessage(who, started.body.keywordCode))).reply ?? '', /已确认/);
    assert.equal((await client.post('/api/auth/link-reader/confirm', { sceneId: started.body.sceneId })).status, 200);
    return client;
  }

  it('sends a follower who says 绑定 (or bind, or clicks the menu) a signed link that binds once', async () => {
    const who = openid();
    const u = await link(who);
    assert.equal(u.pathname, '/wechat/link');
    assert.deepEqual([...u.searchParams.keys()].sort(), ['nonce', 'openid', 'signature', 'timestamp']);
    const page = await fetch(u).then((r) => r.text());
    assert.match(page, /绑定你的微信/);
    const browser = await reader(u, who);
    const res = await submit(
      u,
      { mode: 'register', email: 'follower@example.com', password: 'long password' },
      browser,
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const user = await s.server.services.repos.users.findByEmail('follower@example.com');
    assert.equal((await s.server.services.repos.bindings.findByOpenid(who))?.userId, user?.id);

    const replay = await submit(
      u,
      { mode: 'register', email: 'again@example.com', password: 'long password' },
      browser,
    );
    assert.equal(replay.status, 409);
    assert.equal(replay.body.error.code, 'link_used');
    assert.equal(await s.server.services.repos.users.findByEmail('again@example.com'), null);
    assert.match(await fetch(u).then((r) => r.text()), /已经使用过/);

    assert.equal((await link(openid(), 'bind')).pathname, '/wechat/link');
    const click = await s.push({ FromUserName: openid(), MsgType: 'event', Event: 'CLICK', EventKey: 'BIND_ACCOUNT' });
    assert.match(click.reply ?? '', /\/wechat\/link\?/);
  });

  it('refuses a link with any field changed, and an expired one, changing nothing', async () => {
    const who = openid();
    const u = await link(who);
    const tamper = (k: string, v: string) => {
      const t = new URL(u);
      t.searchParams.set(k, v);
      return t;
    };
    const cases: Array<[URL, number]> = [
      [tamper('openid', openid()), 403],
      [tamper('timestamp', String(Number(u.searchParams.get('timestamp')) + 1)), 403],
      [tamper('nonce', 'A'.repeat(22)), 403],
      [tamper('signature', 'B'.repeat(43)), 403],
    ];
    for (const [bad, status] of cases) {
      const res = await submit(bad, {
        mode: 'register',
        email: `t${Math.random()}@example.com`,
        password: 'long password',
      });
      assert.equal(res.status, status, bad.search);
      assert.equal(res.body.error.code, 'link_invalid');
      assert.match(await fetch(bad).then((r) => r.text()), /链接无效/);
    }
    const real = s.server.services.now;
    s.server.services.now = () => Date.now() + 11 * 60_000;
    try {
      const res = await submit(u, { mode: 'register', email: 'late@example.com', password: 'long password' });
      assert.equal(res.status, 410);
      assert.equal(res.body.error.code, 'link_expired');
    } finally {
      s.server.services.now = real;
    }
    assert.equal(await s.server.services.repos.bindings.findByOpenid(who), null);
    assert.equal(await s.server.services.repos.users.findByEmail('late@example.com'), null);
  });

  it('tells a bound follower where it is bound instead of sending a link', async () => {
    const { openid: who } = await s.boundUser('already@example.com');
    const res = await s.push(textMessage(who, '绑定'));
    assert.match(res.reply ?? '', /已绑定到账号 a\*\*\*@example\.com/);
  });
});

describe('LOGIN_CONFIRM=none', () => {
  it('logs in on the scan alone and replies 登录成功', async () => {
    const s = await setup({ LOGIN_CONFIRM: 'none' });
    try {
      const { user, openid: who } = await s.boundUser();
      const { browser, scene } = await s.loginScene();
      const res = await s.push(scanEvent(who, scene.sceneId));
      assert.equal(res.reply, '登录成功');
      await sleep(50);
      const done = await browser.post('/api/auth/wechat', { sceneId: scene.sceneId });
      assert.equal(done.status, 200);
      assert.equal(done.body.user.id, user.id);
    } finally {
      await s.server.stop();
    }
  });
});

describe('next after login', () => {
  it('accepts only same-site paths', () => {
    assert.equal(safeNextPath('/settings?tab=wechat'), '/settings?tab=wechat');
    for (const evil of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '/%0d%0aSet-Cookie',
      'evil.example',
      '',
      null,
    ]) {
      const out = safeNextPath(evil as string);
      assert.ok(out.startsWith('/') && !out.startsWith('//'), `${evil} → ${out}`);
      assert.ok(!out.includes('evil.example') || out.startsWith('/%'), `${evil} → ${out}`);
    }
  });
});
