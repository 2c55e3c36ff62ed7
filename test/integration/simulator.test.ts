import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseXml, WeChatClient } from '../../lib/wechat';
import { UNAVAILABLE_TEXT, type Simulator } from '../../lib/simulator';
import { TestClient } from '../helpers/client';
import { REAL_WECHAT, startTestServer, type TestServer } from '../helpers/server';

const APPID = 'wxsimulator0000001';
const SECRET = 'simulator-app-secret-0000000000000';
const DAY = 24 * 3600_000;

describe('WeChat simulator: mock API', () => {
  let server: TestServer;
  let sim: Simulator;
  let base: string;
  before(async () => {
    server = await startTestServer();
    sim = server.simulator!;
    base = `${server.url}/sim/cgi-bin`;
  });
  after(() => server.stop());

  // biome-ignore lint/suspicious/noExplicitAny: the simulator's JSON answers are read field by field and asserted
  type Json = any;
  const getJson = async (path: string) => (await fetch(base + path)).json() as Promise<Json>;
  const postJson = async (path: string, body: unknown) =>
    (
      await fetch(base + path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) })
    ).json() as Promise<Json>;
  const token = async () =>
    (await getJson(`/token?grant_type=client_credential&appid=${APPID}&secret=${SECRET}`)).access_token as string;
  const createQr = async (body: unknown, t?: string) =>
    postJson(`/qrcode/create?access_token=${encodeURIComponent(t ?? (await token()))}`, body);
  const qrBody = (scene: string, expire = 300) => ({
    expire_seconds: expire,
    action_name: 'QR_STR_SCENE',
    action_info: { scene: { scene_str: scene } },
  });

  describe('token and stable_token', () => {
    it('issues a token for the right appid and secret', async () => {
      const res = await getJson(`/token?grant_type=client_credential&appid=${APPID}&secret=${SECRET}`);
      assert.equal(typeof res.access_token, 'string');
      assert.ok(res.access_token.length > 100);
      assert.equal(res.expires_in, 7200);
    });

    it('refuses a wrong appid (40013), a wrong secret (40125) and a wrong grant_type (40002)', async () => {
      const badAppid = await getJson(`/token?grant_type=client_credential&appid=wxnope&secret=${SECRET}`);
      assert.equal(badAppid.errcode, 40013);
      assert.match(badAppid.errmsg, /invalid appid rid: /);
      assert.equal((await getJson(`/token?grant_type=client_credential&appid=${APPID}&secret=nope`)).errcode, 40125);
      assert.equal((await getJson(`/token?grant_type=password&appid=${APPID}&secret=${SECRET}`)).errcode, 40002);
      assert.equal(
        (await postJson('/stable_token', { grant_type: 'client_credential', appid: APPID, secret: 'nope' })).errcode,
        40125,
      );
    });

    it('stable_token returns the same token until force_refresh, which retires the old one', async () => {
      const body = { grant_type: 'client_credential', appid: APPID, secret: SECRET };
      const a = await postJson('/stable_token', body);
      const b = await postJson('/stable_token', body);
      assert.equal(a.access_token, b.access_token);
      assert.ok(b.expires_in > 7000 && b.expires_in <= 7200);
      const c = await postJson('/stable_token', { ...body, force_refresh: true });
      assert.notEqual(c.access_token, a.access_token);
      assert.equal((await createQr(qrBody('s1'), a.access_token)).errcode, 40001);
      assert.ok((await createQr(qrBody('s1'), c.access_token)).ticket);
    });

    it('refuses API calls without a token (41001), with an unknown one (40001) or an expired one (42001)', async () => {
      assert.equal((await postJson('/qrcode/create', qrBody('x'))).errcode, 41001);
      assert.equal((await createQr(qrBody('x'), 'not-a-token')).errcode, 40001);
      const t = await token();
      assert.equal(sim.driver.faults.expireToken(), true);
      const res = await createQr(qrBody('x'), t);
      assert.equal(res.errcode, 42001);
      assert.match(res.errmsg, /access_token expired/);
    });
  });

  describe('qrcode/create and showqrcode', () => {
    it('creates a temporary QR with a ticket and a weixin.qq.com url, listed live newest first', async () => {
      const first = await createQr(qrBody('scene-one', 120));
      const res = await createQr(qrBody('scene-two', 600));
      assert.match(res.url, /^http:\/\/weixin\.qq\.com\/q\/[A-Za-z0-9]{22}$/);
      assert.equal(res.expire_seconds, 600);
      assert.match(res.ticket, /^gQ[A-Za-z0-9+/=]+$/);
      const live = sim.driver.qrs();
      assert.equal(live[0].url, res.url);
      assert.equal(live[0].scene, 'scene-two');
      assert.equal(live[1].url, first.url);
      assert.ok(Math.abs(live[0].expiresAt! - (Date.now() + 600_000)) < 5000);
    });

    it('answers invalid requests with WeChat errcodes', async () => {
      assert.equal((await createQr({ ...qrBody('a'), action_name: 'QR_NOPE' })).errcode, 40052);
      assert.equal((await createQr({ expire_seconds: 300, action_name: 'QR_STR_SCENE' })).errcode, 40053);
      assert.equal((await createQr(qrBody('x'.repeat(65)))).errcode, 40097);
      assert.equal((await createQr(qrBody(''))).errcode, 40097);
      assert.equal((await createQr(qrBody('a', 59))).errcode, 40097);
      assert.equal((await createQr(qrBody('a', 2_592_001))).errcode, 40097);
      assert.ok((await createQr(qrBody('x'.repeat(64), 2_592_000))).ticket, '64 characters and 30 days are allowed');
      assert.equal(
        (await createQr({ action_name: 'QR_SCENE', action_info: { scene: { scene_id: 0 } } })).errcode,
        40097,
      );
      const t = await token();
      assert.equal((await postJson(`/qrcode/create?access_token=${t}`, 'not json')).errcode, 47001);
      assert.equal((await getJson(`/qrcode/create?access_token=${t}`)).errcode, 43002);
    });

    it('defaults expire_seconds to 60 and creates permanent QR codes without expiry', async () => {
      const temp = await createQr({ action_name: 'QR_SCENE', action_info: { scene: { scene_id: 42 } } });
      assert.equal(temp.expire_seconds, 60);
      const permanent = await createQr({
        action_name: 'QR_LIMIT_STR_SCENE',
        action_info: { scene: { scene_str: 'forever' } },
      });
      assert.equal(permanent.expire_seconds, undefined);
      assert.equal(sim.driver.qrs().find((q) => q.url === permanent.url)?.expiresAt, null);
    });

    it('shows a real PNG of the QR for a ticket, and 404 for an unknown one', async () => {
      const qr = await createQr(qrBody('png'));
      const res = await fetch(`${base}/showqrcode?ticket=${encodeURIComponent(qr.ticket)}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/png');
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      assert.ok(bytes.length > 500);
      assert.equal((await fetch(`${base}/showqrcode?ticket=gQnope`)).status, 404);
    });
  });

  describe('messages and users', () => {
    it('user/info: a follower, a non-follower and an unknown openid (40003)', async () => {
      const t = await token();
      const follower = sim.driver.user('info-follower', { following: true });
      const stranger = sim.driver.user('info-stranger');
      const a = await getJson(`/user/info?access_token=${t}&openid=${follower.openid}&lang=zh_CN`);
      assert.equal(a.subscribe, 1);
      assert.equal(a.openid, follower.openid);
      assert.equal(a.unionid, follower.unionid);
      assert.equal(typeof a.subscribe_time, 'number');
      const b = await getJson(`/user/info?access_token=${t}&openid=${stranger.openid}`);
      assert.deepEqual([b.subscribe, b.openid], [0, stranger.openid]);
      assert.equal(b.subscribe_time, undefined);
      assert.equal((await getJson(`/user/info?access_token=${t}&openid=onobody`)).errcode, 40003);
    });

    it('custom/send: delivered inside the 48-hour window, 45015 outside it or to a non-follower, 40003 to nobody', async () => {
      const t = await token();
      const send = (touser: string, content = 'hello <a href="http://localhost/x">link</a>') =>
        postJson(`/message/custom/send?access_token=${t}`, { touser, msgtype: 'text', text: { content } });
      const carol = sim.driver.user('cs-carol');
      assert.equal((await send(carol.openid)).errcode, 45015, 'not following');
      await carol.follow({ webhookUrl: 'http://127.0.0.1:9/unreachable', attempts: 1, timeoutMs: 200 });
      assert.deepEqual(await send(carol.openid), { errcode: 0, errmsg: 'ok' });
      const last = carol.timeline().at(-1)!;
      assert.equal(last.kind, 'account_text');
      assert.equal(last.kind === 'account_text' && last.via, 'custom');
      carol.idle(2 * DAY);
      const late = await send(carol.openid);
      assert.equal(late.errcode, 45015);
      assert.match(late.errmsg, /response out of time limit or subscription is canceled/);
      assert.equal((await send('onobody')).errcode, 40003);
    });

    it('template/send: a card in the chat and a 64-bit msgid; 40037 for an unknown template, 43004 to a non-follower', async () => {
      sim.driver.addTemplate('tpl-code', {
        title: '验证码通知',
        content: '{{first.DATA}}\n验证码：{{code.DATA}}\n有效期：{{ttl.DATA}}\n{{remark.DATA}}',
      });
      const t = await token();
      const dave = sim.driver.user('tpl-dave', { following: true });
      const body = {
        touser: dave.openid,
        template_id: 'tpl-code',
        url: 'http://localhost/reset',
        data: {
          first: { value: '你正在重置密码' },
          code: { value: '123456' },
          ttl: { value: '10 分钟' },
          remark: { value: '请勿告诉他人' },
        },
      };
      const res = await fetch(`${base}/message/template/send?access_token=${t}`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
      const text = await res.text();
      const msgid = /"msgid":(\d+)/.exec(text)?.[1];
      assert.ok(msgid && BigInt(msgid) > BigInt(Number.MAX_SAFE_INTEGER), 'msgid is a 64-bit id');
      const card = dave.timeline().at(-1)!;
      assert.equal(card.kind, 'template');
      if (card.kind === 'template') {
        assert.equal(card.title, '验证码通知');
        // WeChat since 2023-05: first and remark are dropped, whatever the caller sends.
        assert.equal(card.first, undefined);
        assert.deepEqual(
          card.rows.map((r) => [r.label, r.value]),
          [
            ['验证码', '123456'],
            ['有效期', '10 分钟'],
          ],
        );
        assert.equal(card.remark, undefined);
        assert.equal(card.url, 'http://localhost/reset');
      }
      assert.equal(
        (await postJson(`/message/template/send?access_token=${t}`, { ...body, template_id: 'nope' })).errcode,
        40037,
      );
      const stranger = sim.driver.user('tpl-stranger');
      assert.equal(
        (await postJson(`/message/template/send?access_token=${t}`, { ...body, touser: stranger.openid })).errcode,
        43004,
      );
    });
  });

  describe("WeChat's rules (on by default, each switchable)", () => {
    const quotaGet = async (t: string, cgi_path: unknown) =>
      postJson(`/openapi/quota/get?access_token=${t}`, { cgi_path });

    it('qrcode/create has a daily quota: 45009 once spent, readable through openapi/quota/get, reset by clear_quota', async () => {
      sim.driver.faults.reset();
      const t = await token();
      const before = await quotaGet(t, '/cgi-bin/qrcode/create');
      assert.equal(before.errcode, 0);
      assert.equal(before.quota.daily_limit, 100_000);
      assert.equal(before.quota.remain, before.quota.daily_limit - before.quota.used);
      sim.driver.faults.qrDailyLimit(before.quota.used + 2);
      assert.ok((await createQr(qrBody('q1'), t)).ticket);
      assert.ok((await createQr(qrBody('q2'), t)).ticket);
      const spent = await createQr(qrBody('q3'), t);
      assert.equal(spent.errcode, 45009);
      assert.match(spent.errmsg, /reach max api daily quota limit/);
      assert.deepEqual((await quotaGet(t, '/cgi-bin/qrcode/create')).quota, {
        daily_limit: before.quota.used + 2,
        used: before.quota.used + 2,
        remain: 0,
      });
      assert.equal(sim.driver.faults.state().qrUsedToday, before.quota.used + 2);
      // lib/wechat's client reads the same numbers (its own token source: the app's token cache stays as it is).
      const client = new WeChatClient({
        baseUrl: `${server.url}/sim`,
        appId: APPID,
        tokens: { getToken: () => Promise.resolve(t), invalidate: async () => undefined },
      });
      const viaClient = await client.getApiQuota('/cgi-bin/qrcode/create');
      assert.deepEqual(viaClient, { dailyLimit: before.quota.used + 2, used: before.quota.used + 2, remain: 0 });

      assert.equal((await quotaGet(t, '/cgi-bin/nope')).errcode, 76021);
      assert.equal((await postJson(`/clear_quota?access_token=${t}`, { appid: 'wxother' })).errcode, 40013);
      await client.clearQuota();
      assert.equal((await quotaGet(t, '/cgi-bin/qrcode/create')).quota.used, 0);
      assert.ok((await createQr(qrBody('q4'), t)).ticket, 'works again after clear_quota');

      sim.driver.faults.qrDailyLimit(1);
      assert.equal((await createQr(qrBody('q5'), t)).errcode, 45009);
      sim.driver.faults.rules({ qrQuota: false });
      assert.ok((await createQr(qrBody('q6'), t)).ticket, 'rule off: no quota');
      sim.driver.faults.reset();

      // Ten resets a month, then 48006 (one was spent above).
      for (let i = 0; i < 9; i++)
        assert.equal((await postJson(`/clear_quota?access_token=${t}`, { appid: APPID })).errcode, 0);
      const eleventh = await postJson(`/clear_quota?access_token=${t}`, { appid: APPID });
      assert.equal(eleventh.errcode, 48006);
    });

    it('a subscription account gets 48001 for parametric QRs and template messages', async () => {
      const t = await token();
      sim.driver.faults.accountType('subscription');
      assert.equal(sim.driver.account.type, 'subscription');
      const refused = await createQr(qrBody('sub1'), t);
      assert.equal(refused.errcode, 48001);
      assert.match(refused.errmsg, /api unauthorized/);
      sim.driver.addTemplate('tpl-sub', { title: 'x' });
      const follower = sim.driver.user('sub-follower', { following: true });
      const tpl = await postJson(`/message/template/send?access_token=${t}`, {
        touser: follower.openid,
        template_id: 'tpl-sub',
        data: { a: { value: 'b' } },
      });
      assert.equal(tpl.errcode, 48001);
      sim.driver.faults.rules({ accountType: false });
      assert.ok((await createQr(qrBody('sub2'), t)).ticket, 'rule off: allowed');
      sim.driver.faults.reset();
      assert.equal(sim.driver.account.type, 'service');
      assert.ok((await createQr(qrBody('sub3'), t)).ticket);
    });

    it('customer-service messages: 3 within a minute of a follow/scan/click, 5 within 48 h of a message; 45047 past the count, 45015 past the time', async () => {
      const t = await token();
      const send = (touser: string, content = 'hi') =>
        postJson(`/message/custom/send?access_token=${t}`, { touser, msgtype: 'text', text: { content } });
      const off = { webhookUrl: 'http://127.0.0.1:9/unreachable', attempts: 1, timeoutMs: 200 };
      const erin = sim.driver.user('cs-erin');
      await erin.follow(off);
      for (let i = 0; i < 3; i++) assert.equal((await send(erin.openid)).errcode, 0, `message ${i + 1} of 3`);
      const fourth = await send(erin.openid);
      assert.equal(fourth.errcode, 45047);
      assert.match(fourth.errmsg, /out of response count limit/);
      erin.idle(61_000);
      assert.equal((await send(erin.openid)).errcode, 45015, 'a follow opens one minute only');
      await erin.send('hello', off);
      for (let i = 0; i < 5; i++) assert.equal((await send(erin.openid)).errcode, 0, `message ${i + 1} of 5`);
      assert.equal((await send(erin.openid)).errcode, 45047);
      await erin.send('again', off);
      erin.idle(47 * 3600_000);
      assert.equal((await send(erin.openid)).errcode, 0, 'still inside 48 h');
      erin.idle(2 * 3600_000);
      assert.equal((await send(erin.openid)).errcode, 45015);
      sim.driver.faults.rules({ serviceWindow: false });
      await erin.click(undefined, off);
      for (let i = 0; i < 6; i++) assert.equal((await send(erin.openid)).errcode, 0, 'rule off: no count');
      sim.driver.faults.reset();
    });

    it('template messages since 2023-05: 43004 for non-followers, no first/remark, values cut at a newline and to 20 characters', async () => {
      sim.driver.addTemplate('tpl-rules', {
        title: '通知',
        content: '{{first.DATA}}\n内容：{{k.DATA}}\n{{remark.DATA}}',
      });
      const t = await token();
      const fay = sim.driver.user('tpl-fay', { following: true });
      const body = (touser: string, value: string) => ({
        touser,
        template_id: 'tpl-rules',
        data: { first: { value: '开头' }, k: { value }, remark: { value: '结尾' } },
      });
      const long = '一二三四五六七八九十abcdefghijKLMNOP';
      assert.equal((await postJson(`/message/template/send?access_token=${t}`, body(fay.openid, long))).errcode, 0);
      let card = fay.timeline().at(-1)!;
      assert.ok(card.kind === 'template');
      assert.deepEqual(card.rows, [{ label: '内容', value: '一二三四五六七八九十abcdefghij' }]);
      assert.equal(card.first, undefined);
      assert.equal(card.remark, undefined);
      await postJson(`/message/template/send?access_token=${t}`, body(fay.openid, '第一行\n第二行'));
      card = fay.timeline().at(-1)!;
      assert.ok(card.kind === 'template');
      assert.equal(card.rows[0]?.value, '第一行');
      const stranger = sim.driver.user('tpl-stranger-2');
      assert.equal(
        (await postJson(`/message/template/send?access_token=${t}`, body(stranger.openid, 'x'))).errcode,
        43004,
      );

      sim.driver.faults.rules({ templateRules: false });
      await postJson(`/message/template/send?access_token=${t}`, body(fay.openid, long));
      card = fay.timeline().at(-1)!;
      assert.ok(card.kind === 'template');
      assert.deepEqual(
        [card.first, card.rows[0]?.value, card.remark],
        ['开头', long, '结尾'],
        'rule off: the old card',
      );
      sim.driver.faults.reset();
    });

    it('refuses callers outside the IP allowlist with 40164 (the server itself is on it by default)', async () => {
      sim.driver.faults.allowedIps(['10.1.2.3']);
      const refused = await getJson(`/token?grant_type=client_credential&appid=${APPID}&secret=${SECRET}`);
      assert.equal(refused.errcode, 40164);
      assert.match(refused.errmsg, /^invalid ip 127\.0\.0\.1 ipv6 ::ffff:127\.0\.0\.1, not in whitelist rid: /);
      sim.driver.faults.rules({ ipAllowlist: false });
      assert.equal(
        typeof (await getJson(`/token?grant_type=client_credential&appid=${APPID}&secret=${SECRET}`)).access_token,
        'string',
      );
      sim.driver.faults.reset();
      assert.deepEqual(sim.driver.faults.state().allowedIps, ['127.0.0.1', '::1']);
    });

    it('user/info returns no nickname and no avatar (since 2021-12-27); the old profile only with the rule off', async () => {
      const t = await token();
      const gus = sim.driver.user('info-gus', { following: true });
      const now = await getJson(`/user/info?access_token=${t}&openid=${gus.openid}&lang=zh_CN`);
      assert.equal(now.subscribe, 1);
      assert.equal('nickname' in now, false);
      assert.equal('headimgurl' in now, false);
      sim.driver.faults.rules({ userInfoPrivacy: false });
      const old = await getJson(`/user/info?access_token=${t}&openid=${gus.openid}&lang=zh_CN`);
      assert.equal(old.nickname, 'info-gus');
      sim.driver.faults.reset();
    });

    it('switches rules over HTTP and refuses unknown rule names or bad values', async () => {
      const post = (body: unknown) =>
        fetch(`${server.url}/sim/dev/faults`, { method: 'POST', body: JSON.stringify(body) });
      const ok = await post({ rules: { qrQuota: false }, accountType: 'subscription', qrDailyLimit: 5 });
      assert.equal(ok.status, 200);
      const state = (await ok.json()) as { rules: Record<string, boolean>; accountType: string; qrDailyLimit: number };
      assert.equal(state.rules.qrQuota, false);
      assert.equal(state.rules.serviceWindow, true);
      assert.equal(state.accountType, 'subscription');
      assert.equal(state.qrDailyLimit, 5);
      for (const bad of [
        { rules: { nope: true } },
        { rules: { qrQuota: 'yes' } },
        { accountType: 'enterprise' },
        { qrDailyLimit: -1 },
        { allowedIps: ['not-an-ip'] },
      ]) {
        assert.equal((await post(bad)).status, 400, JSON.stringify(bad));
      }
      assert.equal((await fetch(`${server.url}/sim/dev/faults`, { method: 'DELETE' })).status, 200);
      assert.deepEqual(sim.driver.faults.state().rules, {
        qrQuota: true,
        serviceWindow: true,
        templateRules: true,
        accountType: true,
        ipAllowlist: true,
        userInfoPrivacy: true,
      });
    });
  });

  describe('fault injection', () => {
    it('fails the next N calls with an errcode or an HTTP status, then recovers', async () => {
      const t = await token();
      sim.driver.faults.failNext(2, { errcode: 45009, path: '/cgi-bin/qrcode/create' });
      assert.equal((await createQr(qrBody('f'), t)).errcode, 45009);
      assert.equal((await createQr(qrBody('f'), t)).errcode, 45009);
      assert.ok((await createQr(qrBody('f'), t)).ticket);
      sim.driver.faults.failNext(1, { status: 503 });
      assert.equal(
        (await fetch(`${base}/token?grant_type=client_credential&appid=${APPID}&secret=${SECRET}`)).status,
        503,
      );
      assert.equal(sim.driver.faults.state().failures.length, 0);
    });

    it('adds latency to every call', async () => {
      sim.driver.faults.latency(300);
      const started = Date.now();
      await token();
      assert.ok(Date.now() - started >= 290);
      sim.driver.faults.reset();
    });

    it('is driven over HTTP too: POST/GET/DELETE /sim/dev/faults', async () => {
      const c = new TestClient(server.url);
      const set = await c.post('/sim/dev/faults', { latencyMs: 10, failNext: { count: 3, errcode: 40001 } });
      assert.equal(set.status, 200);
      assert.equal(set.body.latencyMs, 10);
      assert.equal(set.body.failures[0].remaining, 3);
      assert.equal((await c.post('/sim/dev/faults', { failNext: { count: 0 } })).status, 400);
      assert.equal((await c.get('/sim/dev/faults')).body.failures.length, 1);
      const cleared = (await c.delete('/sim/dev/faults')).body;
      assert.deepEqual([cleared.latencyMs, cleared.failures], [0, []]);
      assert.equal(
        Object.values(cleared.rules).every((on) => on === true),
        true,
        'every rule back on',
      );
    });

    it('invalidates the token as if another server refreshed it; the app refreshes once and carries on', async () => {
      await server.services.wechat.createTempQr({ sceneStr: 'warm-up' }, 60);
      // The token the app holds (it may not be the newest: these tests fetch their own through /cgi-bin/token).
      const held = await server.services.repos.accessToken(APPID).get();
      assert.ok(held);
      assert.equal(sim.driver.faults.invalidateToken(held.token), true);
      const before = sim.driver.apiCalls().length;
      const qr = await server.services.wechat.createTempQr({ sceneStr: 'after-invalidate' }, 60);
      assert.ok(qr.url);
      const calls = sim.driver
        .apiCalls()
        .slice(before)
        .map((c) => `${c.path}:${c.errcode}`);
      assert.deepEqual(calls, ['/cgi-bin/qrcode/create:40001', '/cgi-bin/stable_token:0', '/cgi-bin/qrcode/create:0']);
    });
  });
});

describe('WeChat simulator: users, scans and the app', () => {
  let server: TestServer;
  let sim: Simulator;
  before(async () => {
    server = await startTestServer();
    sim = server.simulator!;
  });
  after(() => server.stop());

  async function bindQr(email: string): Promise<string> {
    const c = new TestClient(server.url);
    assert.equal((await c.post('/api/auth/register', { email, password: 'correct horse battery' })).status, 201);
    const res = await c.post('/api/scan', { purpose: 'bind' });
    assert.equal(res.status, 201, JSON.stringify(res.body).slice(0, 300));
    return res.body.qrContent as string;
  }

  it("a non-follower scanning gets subscribe with qrscene_ and Ticket, follows, and reads the app's reply", async () => {
    const qrContent = await bindQr('erin@example.com');
    const erin = sim.driver.user('erin');
    assert.equal(erin.info().following, false);
    const result = await erin.scan(qrContent);
    assert.equal(result.outcome, 'replied');
    assert.match(result.reply ?? '', /e\*\*\*@example\.com/);
    const [delivery] = result.deliveries;
    const fields = parseXml(delivery.messageXml);
    const qr = sim.driver.qrs().find((q) => q.url === qrContent)!;
    assert.equal(fields.MsgType, 'event');
    assert.equal(fields.Event, 'subscribe');
    assert.equal(fields.EventKey, `qrscene_${qr.scene}`);
    assert.equal(fields.Ticket, qr.ticket);
    assert.equal(fields.FromUserName, erin.openid);
    assert.equal(fields.ToUserName, sim.driver.account.originalId);
    const query = delivery.attempts[0].query;
    assert.deepEqual(Object.keys(query).sort(), ['nonce', 'openid', 'signature', 'timestamp']);
    assert.equal(query.openid, erin.openid);
    assert.equal(erin.info().following, true);
    const me = await server.services.repos.bindings.findByOpenid(erin.openid);
    assert.ok(me, 'the app bound the openid');
    const lines = erin.timeline().map((e) => e.kind);
    assert.deepEqual(lines, ['notice', 'notice', 'account_text']);
  });

  it('a follower scanning gets SCAN with the bare scene', async () => {
    const qrContent = await bindQr('frank@example.com');
    const frank = sim.driver.user('frank', { following: true });
    const result = await frank.scan(qrContent);
    const fields = parseXml(result.deliveries[0].messageXml);
    assert.equal(fields.Event, 'SCAN');
    assert.equal(fields.EventKey, sim.driver.qrs().find((q) => q.url === qrContent)!.scene);
    assert.ok(fields.Ticket);
    assert.match(result.reply ?? '', /f\*\*\*@example\.com/);
  });

  it('an expired QR sends nothing and the phone says it expired', async () => {
    const qrContent = await bindQr('gina@example.com');
    sim.driver.expireQr(qrContent);
    assert.equal(
      sim.driver.qrs().some((q) => q.url === qrContent),
      false,
      'no longer listed live',
    );
    const gina = sim.driver.user('gina');
    const before = sim.driver.deliveries().length;
    const result = await gina.scan(qrContent);
    assert.equal(result.outcome, 'qr_expired');
    assert.equal(sim.driver.deliveries().length, before);
    const last = gina.timeline().at(-1)!;
    assert.equal(last.kind === 'notice' && last.code, 'qr_expired');
    assert.equal(gina.info().following, false);
    assert.equal((await gina.scan('http://weixin.qq.com/q/unknown')).outcome, 'qr_unknown');
  });

  it('text messages carry a 64-bit MsgId as a string; menu clicks and unfollow are pushed too', async () => {
    const hank = sim.driver.user('hank', { following: true });
    const text = await hank.send('你好');
    const fields = parseXml(text.deliveries[0].messageXml);
    assert.equal(fields.MsgType, 'text');
    assert.equal(fields.Content, '你好');
    assert.match(fields.MsgId, /^\d{16,20}$/);
    assert.ok(BigInt(fields.MsgId) > BigInt(Number.MAX_SAFE_INTEGER));
    assert.equal(text.deliveries[0].msgId, fields.MsgId);
    assert.ok(['success', 'replied'].includes(text.outcome));
    const click = await hank.click('BIND_ACCOUNT');
    const clickFields = parseXml(click.deliveries[0].messageXml);
    assert.deepEqual([clickFields.Event, clickFields.EventKey], ['CLICK', 'BIND_ACCOUNT']);
    assert.notEqual(click.outcome, 'failed');
    const bye = await hank.unfollow();
    assert.equal(parseXml(bye.deliveries[0].messageXml).Event, 'unsubscribe');
    assert.equal(hank.info().following, false);
    await assert.rejects(hank.send('still there?'), /does not follow/);
    assert.equal((await hank.unfollow()).outcome, 'noop');
  });

  it('a plain follow sends subscribe without a scene', async () => {
    const ivy = sim.driver.user('ivy');
    const result = await ivy.follow();
    const fields = parseXml(result.deliveries[0].messageXml);
    assert.equal(fields.Event, 'subscribe');
    assert.equal(fields.EventKey, undefined);
    assert.equal(result.outcome, 'replied');
    assert.ok(result.reply);
  });
});

describe('WeChat simulator: delivery rules against stub webhooks', () => {
  let server: TestServer;
  let sim: Simulator;
  const stubs: Array<{ close(): void }> = [];
  before(async () => {
    server = await startTestServer();
    sim = server.simulator!;
  });
  after(async () => {
    for (const s of stubs) s.close();
    await server.stop();
  });

  type Received = { query: URLSearchParams; body: string; at: number };
  async function stub(
    answer: (req: Received, n: number) => Promise<{ status?: number; body: string }>,
  ): Promise<{ url: string; received: Received[] }> {
    const { createServer } = await import('node:http');
    const received: Received[] = [];
    const http = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', async () => {
        const r = { query: new URL(req.url ?? '/', 'http://x').searchParams, body, at: Date.now() };
        received.push(r);
        const out = await answer(r, received.length);
        if (!res.destroyed) res.writeHead(out.status ?? 200, { 'content-type': 'text/plain' }).end(out.body);
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    stubs.push({
      close: () => {
        http.closeAllConnections();
        http.close();
      },
    });
    const port = (http.address() as import('node:net').AddressInfo).port;
    return { url: `http://127.0.0.1:${port}/api/wechat`, received };
  }
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('retries a webhook that does not answer in time: three requests, same message, then the error text', async () => {
    const slow = await stub(async () => {
      await sleep(6000);
      return { body: 'success' };
    });
    const jill = sim.driver.user('jill', { following: true });
    const result = await jill.send('are you there?', { webhookUrl: slow.url, timeoutMs: 300 });
    assert.equal(result.outcome, 'failed');
    const [delivery] = result.deliveries;
    assert.equal(delivery.attempts.length, 3);
    assert.ok(delivery.attempts.every((a) => a.error === 'timeout'));
    assert.equal(delivery.failure, 'timeout');
    await sleep(100);
    assert.equal(slow.received.length, 3);
    const bodies = new Set(slow.received.map((r) => r.body));
    assert.equal(bodies.size, 1, 'the same message (same CreateTime and MsgId) every time');
    assert.equal(new Set(slow.received.map((r) => r.query.get('nonce'))).size, 3, 'a fresh nonce per request');
    const last = jill.timeline().at(-1)!;
    assert.equal(last.kind, 'notice');
    assert.equal(last.kind === 'notice' && last.text, UNAVAILABLE_TEXT);
  });

  it("keeps WeChat's real 5-second timeout by default (three attempts in about 15 s)", {
    timeout: 30_000,
  }, async () => {
    const slow = await stub(async () => {
      await sleep(6000);
      return { body: 'success' };
    });
    const kate = sim.driver.user('kate', { following: true });
    const started = Date.now();
    const result = await kate.click('BIND_ACCOUNT', { webhookUrl: slow.url });
    const took = Date.now() - started;
    assert.equal(result.deliveries[0].attempts.length, 3);
    assert.ok(took >= 14_900 && took < 17_000, `took ${took} ms`);
    for (const a of result.deliveries[0].attempts)
      assert.ok(a.durationMs >= 4900 && a.durationMs < 5600, `attempt took ${a.durationMs} ms`);
    assert.equal(
      kate.timeline().at(-1)!.kind === 'notice' && (kate.timeline().at(-1) as { text: string }).text,
      UNAVAILABLE_TEXT,
    );
  });

  it('a webhook that answers garbage is not retried and the chat shows the error text', async () => {
    const garbage = await stub(async () => ({ body: '{"ok":true}' }));
    const leo = sim.driver.user('leo', { following: true });
    const result = await leo.send('hi', { webhookUrl: garbage.url });
    assert.equal(result.outcome, 'failed');
    assert.equal(result.deliveries[0].failure, 'invalid_reply');
    assert.equal(garbage.received.length, 1);
    const last = leo.timeline().at(-1)!;
    assert.equal(last.kind === 'notice' && last.text, UNAVAILABLE_TEXT);
  });

  it('success and an empty answer show nothing; a reply to the wrong user is refused', async () => {
    const mia = sim.driver.user('mia', { following: true });
    const ok = await stub(async (_r, n) => ({ body: n === 1 ? 'success' : '' }));
    const before = mia.timeline().length;
    assert.equal((await mia.send('one', { webhookUrl: ok.url })).outcome, 'success');
    assert.equal((await mia.send('two', { webhookUrl: ok.url })).outcome, 'success');
    assert.deepEqual(
      mia
        .timeline()
        .slice(before)
        .map((e) => e.kind),
      ['user_text', 'user_text'],
    );
    const wrong = await stub(async () => ({
      body: `<xml><ToUserName><![CDATA[osomeoneelse]]></ToUserName><FromUserName><![CDATA[${sim.driver.account.originalId}]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content></xml>`,
    }));
    assert.equal((await mia.send('three', { webhookUrl: wrong.url })).outcome, 'failed');
  });

  it("a slow first answer is retried and the retry's reply is shown", async () => {
    const nina = sim.driver.user('nina', { following: true });
    const flaky = await stub(async (r, n) => {
      if (n === 1) await sleep(1000);
      const from = parseXml(r.body).FromUserName;
      return {
        body: `<xml><ToUserName><![CDATA[${from}]]></ToUserName><FromUserName><![CDATA[${sim.driver.account.originalId}]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[got it on try ${n}]]></Content></xml>`,
      };
    });
    const result = await nina.send('hello', { webhookUrl: flaky.url, timeoutMs: 300 });
    assert.equal(result.outcome, 'replied');
    assert.equal(result.reply, 'got it on try 2');
    assert.equal(result.deliveries[0].attempts.length, 2);
    const last = nina.timeline().at(-1)!;
    assert.equal(last.kind === 'account_text' && last.text, 'got it on try 2');
  });

  it('an HTTP error is retried like a timeout', async () => {
    const broken = await stub(async () => ({ status: 500, body: 'oops' }));
    const omar = sim.driver.user('omar', { following: true });
    const result = await omar.send('hi', { webhookUrl: broken.url });
    assert.equal(result.deliveries[0].attempts.length, 3);
    assert.equal(result.deliveries[0].failure, 'http_status');
    assert.equal(broken.received.length, 3);
  });
});

describe('WeChat simulator: safe mode (EncodingAESKey)', () => {
  const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
  let server: TestServer;
  let sim: Simulator;
  before(async () => {
    server = await startTestServer({ WECHAT_ENCODING_AES_KEY: AES_KEY });
    sim = server.simulator!;
  });
  after(() => server.stop());

  it("delivers a scan encrypted and decrypts the app's encrypted reply", async () => {
    const c = new TestClient(server.url);
    await c.post('/api/auth/register', { email: 'pat@example.com', password: 'correct horse battery' });
    const { body } = await c.post('/api/scan', { purpose: 'bind' });
    const pat = sim.driver.user('pat');
    const result = await pat.scan(body.qrContent);
    const [delivery] = result.deliveries;
    assert.equal(delivery.mode, 'safe');
    const { query, rawBody } = delivery.attempts[0];
    assert.equal(query.encrypt_type, 'aes');
    assert.match(query.msg_signature, /^[0-9a-f]{40}$/);
    const envelope = parseXml(rawBody);
    assert.deepEqual(Object.keys(envelope).sort(), ['Encrypt', 'ToUserName']);
    assert.equal(rawBody.includes('subscribe'), false, 'the event is not readable on the wire');
    assert.ok(parseXml(delivery.attempts[0].body!).Encrypt, 'the app answered encrypted');
    assert.equal(result.outcome, 'replied');
    assert.match(result.reply ?? '', /p\*\*\*@example\.com/);
    assert.equal(parseXml(result.replyXml!).MsgType, 'text');
  });
});

describe('WeChat simulator: off', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(REAL_WECHAT);
  });
  after(() => server.stop());

  it('mounts none of its routes: /sim/cgi-bin/token, /sim/dev/faults and /dev/wechat are 404', async () => {
    assert.equal(server.simulator, null);
    assert.equal(
      (await fetch(`${server.url}/sim/cgi-bin/token?grant_type=client_credential&appid=wxrealapp&secret=x`)).status,
      404,
    );
    assert.equal((await fetch(`${server.url}/sim/dev/faults`)).status, 404);
    assert.equal((await fetch(`${server.url}/dev/wechat`)).status, 404);
  });
});
