import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SESSION_COOKIE, startSession } from '../../lib/auth/sessions';
import { CODE_TTL_MS } from '../../lib/verify/code';
import type { SimUserHandle, TimelineEntry } from '../../lib/simulator';
import { createBoundUser } from '../helpers/accounts';
import { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';
import { ScanWatcher, sleep } from '../helpers/socket';
import { pushToWebhook, scanEvent } from '../helpers/wechat';

const TEMPLATE_ID = 'tmpl_code_0001';
const OLD_PASSWORD = 'old password 1';

/** The six-digit codes an account sent to a simulated user, oldest first, from every kind of message. */
function codesIn(entries: TimelineEntry[]): string[] {
  const texts = entries.flatMap((e) =>
    e.kind === 'template' ? [e.first ?? '', ...e.rows.map((r) => r.value)] : e.kind === 'account_text' ? [e.text] : [],
  );
  return texts.flatMap((text) => [...text.matchAll(/(?<!\d)(\d{6})(?!\d)/g)].map((m) => m[1]));
}

describe('password reset with a code sent through WeChat', () => {
  let server: TestServer;
  const open: ScanWatcher[] = [];
  before(async () => {
    server = await startTestServer({ WECHAT_TEMPLATE_ID_CODE: TEMPLATE_ID });
  });
  after(async () => {
    for (const w of open) w.close();
    await server.stop();
  });

  const sim = () => server.simulator!.driver;
  const repos = () => server.services.repos;
  const anon = () => new TestClient(server.url);

  /** An account with a password, bound to a simulated WeChat user who follows the account. */
  const boundUser = (name: string) => createBoundUser(server, name, { password: OLD_PASSWORD });

  async function verifyScene(c = anon()) {
    const res = await c.post('/api/scan', { purpose: 'verify' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { sceneId: string; qrContent: string; expiresAt: number; watchToken: string };
  }

  /** Scans a fresh verify QR with the simulated phone; returns the scene, the passive reply and the newest code on the phone. */
  async function scanForCode(phone: SimUserHandle) {
    const scene = await verifyScene();
    const before = codesIn(phone.timeline()).length;
    const result = await phone.scan(scene.qrContent);
    assert.equal(result.outcome, 'replied', JSON.stringify(result));
    const codes = codesIn(phone.timeline());
    assert.equal(codes.length, before + 1, `one new code on the phone: ${JSON.stringify(phone.timeline().slice(-3))}`);
    return { scene, reply: result.reply ?? '', code: codes[codes.length - 1] };
  }

  async function waitForNewCode(phone: SimUserHandle, before: number): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const codes = codesIn(phone.timeline());
      if (codes.length > before) return codes[codes.length - 1];
      await sleep(30);
    }
    throw new Error(`no code arrived: ${JSON.stringify(phone.timeline())}`);
  }

  async function canLogIn(email: string, password: string): Promise<boolean> {
    const res = await anon().post('/api/auth/login', { email, password });
    return res.status === 200;
  }

  const reset = (body: unknown) => anon().post('/api/auth/password-reset', body);

  it('answers a scan with the code in the passive reply (no API call), tells the page `code_sent` without the account, and resets the password, ending every session', async () => {
    const u = await boundUser('alice');
    const sessions = await Promise.all(
      [1, 2].map(() => startSession(server.services, u.id, { ip: null, userAgent: 'test' })),
    );
    const scene = await verifyScene();
    const w = new ScanWatcher(server.url);
    open.push(w);
    assert.deepEqual(await w.watch(scene.watchToken), { ok: true });
    await w.waitForStatus(scene.sceneId, 'pending');

    const callsBefore = sim().apiCalls().length;
    const result = await u.phone.scan(scene.qrContent);
    assert.match(result.reply ?? '', /^验证码：\d{6}\n用于重置账号 a\*\*\*@example\.com 的密码，10 分钟内有效/);
    const sent = await w.waitForStatus(scene.sceneId, 'code_sent');
    assert.equal(sent.account, undefined, 'the QR page learns the account only after the code (issue 13, item 10)');
    const sends = sim()
      .apiCalls()
      .slice(callsBefore)
      .filter((c) => c.path.startsWith('/cgi-bin/message/'));
    assert.deepEqual(sends, [], 'answering a push needs neither customer service nor a template');
    const [code] = codesIn(u.phone.timeline());
    assert.match(code, /^\d{6}$/);
    const stored = await repos().codes.findActive(u.id, Date.now());
    assert.ok(stored && !stored.codeHash.includes(code), 'only a hash is stored');
    const [row] = await repos().audit.list({ userId: u.id, action: 'password_reset.code_sent' });
    assert.deepEqual(row.detail, { trigger: 'scan', via: 'reply' });

    const res = await reset({ sceneId: scene.sceneId, code, password: 'new password 1' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { reset: true, account: 'a***@example.com', next: '/login' });
    assert.ok(
      res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=;`)),
      'the answering browser is logged out too',
    );
    for (const s of sessions) {
      const c = anon();
      c.cookies.set(SESSION_COOKIE, s.token);
      assert.equal((await c.get('/api/me')).status, 401, 'every earlier session ended');
    }
    assert.equal(await canLogIn(u.email, OLD_PASSWORD), false);
    assert.equal(await canLogIn(u.email, 'new password 1'), true);
    const audit = await repos().audit.list({ userId: u.id, action: 'password_reset' });
    assert.equal(audit.length, 1);
    assert.deepEqual(audit[0].detail, { via: 'scan', sessionsEnded: 2 });
    for (
      let i = 0;
      i < 50 && !u.phone.timeline().some((e) => e.kind === 'account_text' && e.text.includes('密码已重置'));
      i++
    )
      await sleep(20);
    const notice = u.phone
      .timeline()
      .find((e) => e.kind === 'account_text' && e.via === 'custom' && e.text.includes('密码已重置'));
    assert.ok(notice, 'the WeChat is told that the password was reset');
    assert.match((notice as { text: string }).text, /如非本人操作/);
  });

  it('refuses a used code the second time and keeps the first new password', async () => {
    const u = await boundUser('bob');
    const { scene, code } = await scanForCode(u.phone);
    assert.equal((await reset({ sceneId: scene.sceneId, code, password: 'first new password' })).status, 200);
    const again = await reset({ sceneId: scene.sceneId, code, password: 'second new password' });
    assert.equal(again.status, 400);
    assert.equal(again.body.error.code, 'code_invalid');
    assert.equal(again.body.error.field, 'code');
    assert.equal(await canLogIn(u.email, 'first new password'), true);
    assert.equal(await canLogIn(u.email, 'second new password'), false);
  });

  it('refuses an expired code (older than 10 minutes) and changes nothing', async () => {
    const u = await boundUser('carol');
    const { scene, code } = await scanForCode(u.phone);
    const realNow = server.services.now;
    server.services.now = () => Date.now() + CODE_TTL_MS + 1000;
    try {
      const res = await reset({ sceneId: scene.sceneId, code, password: 'new password 1' });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'code_invalid');
      assert.match(res.body.error.message, /已失效/);
    } finally {
      server.services.now = realNow;
    }
    assert.equal(await canLogIn(u.email, OLD_PASSWORD), true);
    assert.equal((await repos().audit.list({ userId: u.id, action: 'password_reset' })).length, 0);
  });

  it('kills the code on the fifth wrong try: the sixth try is refused even with the right code', async () => {
    const u = await boundUser('dave');
    const { code } = await scanForCode(u.phone);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 1; i <= 5; i++) {
      const res = await reset({ email: u.email, code: wrong, password: 'new password 1' });
      assert.equal(res.status, 400, `try ${i}`);
      assert.equal(res.body.error.code, 'code_invalid');
    }
    const sixth = await reset({ email: u.email, code, password: 'new password 1' });
    assert.equal(sixth.status, 400);
    assert.equal(sixth.body.error.code, 'code_invalid');
    assert.equal(await repos().codes.findActive(u.id, Date.now()), null, 'the code is dead');
    assert.equal(await canLogIn(u.email, OLD_PASSWORD), true);
  });

  it('accepts the right code on the fifth try after four wrong ones', async () => {
    const u = await boundUser('erin');
    const { code } = await scanForCode(u.phone);
    const wrong = code === '000000' ? '000001' : '000000';
    for (let i = 0; i < 4; i++)
      assert.equal((await reset({ email: u.email, code: wrong, password: 'new password 1' })).status, 400);
    assert.equal((await reset({ email: u.email, code, password: 'new password 1' })).status, 200);
  });

  it('refuses a code sent for another account, and a newer code retires the older one', async () => {
    const a = await boundUser('frank');
    const b = await boundUser('grace');
    const { code: codeA } = await scanForCode(a.phone);
    const { scene: sceneB, code: codeB1 } = await scanForCode(b.phone);
    const { code: codeB2 } = await scanForCode(b.phone);
    for (const body of [
      { email: b.email, code: codeA, password: 'stolen password' },
      { sceneId: sceneB.sceneId, code: codeA, password: 'stolen password' },
    ]) {
      const res = await reset(body);
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'code_invalid');
    }
    if (codeB1 !== codeB2) {
      const old = await reset({ email: b.email, code: codeB1, password: 'stolen password' });
      assert.equal(old.body.error?.code, 'code_invalid', 'the older code of the account died with the new one');
    }
    assert.equal(await canLogIn(b.email, OLD_PASSWORD), true);
    assert.equal(
      (await reset({ email: a.email, code: codeA, password: 'new password a' })).status,
      200,
      "A's code still works for A",
    );
    assert.equal((await reset({ email: b.email, code: codeB2, password: 'new password b' })).status, 200);
  });

  it('answers bad input with the error shape, counts no try, and changes nothing', async () => {
    const u = await boundUser('heidi');
    const { scene, code } = await scanForCode(u.phone);
    const cases: Array<[unknown, number, string, string?]> = [
      ['{not json', 400, 'invalid_json'],
      [{ sceneId: scene.sceneId, password: 'new password 1' }, 400, 'code_format', 'code'],
      [{ sceneId: scene.sceneId, code: '12a456', password: 'new password 1' }, 400, 'code_format', 'code'],
      [{ sceneId: scene.sceneId, code: '1234567', password: 'new password 1' }, 400, 'code_format', 'code'],
      [{ sceneId: scene.sceneId, code, password: 'short' }, 400, 'password_too_short', 'password'],
      [{ sceneId: scene.sceneId, code, password: 'x'.repeat(201) }, 400, 'password_too_long', 'password'],
      [{ code, password: 'new password 1' }, 400, 'reset_target_required'],
      [{ sceneId: scene.sceneId, email: u.email, code, password: 'new password 1' }, 400, 'reset_target_required'],
      [{ sceneId: '../../etc', code, password: 'new password 1' }, 400, 'invalid_input', 'sceneId'],
      [{ email: 'not-an-email', code, password: 'new password 1' }, 400, 'email_invalid', 'email'],
    ];
    for (const [body, status, errorCode, field] of cases) {
      const res = await reset(body);
      assert.equal(res.status, status, JSON.stringify(body));
      assert.equal(res.body.error.code, errorCode, JSON.stringify(body));
      assert.equal(typeof res.body.error.message, 'string');
      assert.ok(!res.body.error.message.startsWith('error.'), `a message exists for ${errorCode}`);
      assert.equal(res.body.error.field, field);
    }
    const tooBig = await reset({
      sceneId: scene.sceneId,
      code,
      password: 'new password 1',
      pad: 'x'.repeat(17 * 1024),
    });
    assert.equal(tooBig.status, 413);
    const crossSite = await new TestClient(server.url, 'https://evil.example').post('/api/auth/password-reset', {
      sceneId: scene.sceneId,
      code,
      password: 'evil password',
    });
    assert.equal(crossSite.status, 403);
    const badRequest = await anon().post('/api/auth/password-reset/request', { email: 'nope' });
    assert.equal(badRequest.status, 400);
    assert.equal(badRequest.body.error.code, 'email_invalid');
    assert.equal(await canLogIn(u.email, OLD_PASSWORD), true);
    const active = await repos().codes.findActive(u.id, Date.now());
    assert.equal(active?.attempts, 0, 'no bad request counted as a try');
    assert.equal(
      (
        await reset({
          sceneId: scene.sceneId,
          code: ` ${code.slice(0, 3)} ${code.slice(3)} `,
          password: 'new password 1',
        })
      ).status,
      200,
      'spaces in a typed code are fine',
    );
  });

  it('answers an unbound WeChat helpfully, tells the page `needs_binding`, and issues no code', async () => {
    const stranger = sim().user('ivan', { following: true });
    const scene = await verifyScene();
    const w = new ScanWatcher(server.url);
    open.push(w);
    await w.watch(scene.watchToken);
    const result = await stranger.scan(scene.qrContent);
    assert.match(result.reply ?? '', /还没有绑定网站账号/);
    const update = await w.waitForStatus(scene.sceneId, 'needs_binding');
    assert.equal(update.account, undefined);
    assert.deepEqual(codesIn(stranger.timeline()), []);
    const res = await reset({ sceneId: scene.sceneId, code: '123456', password: 'new password 1' });
    assert.equal(res.body.error.code, 'code_invalid');
  });

  it('answers a second scan of a used QR without a new code, and an expired QR with a refresh prompt', async () => {
    const u = await boundUser('judy');
    const { scene } = await scanForCode(u.phone);
    // A second second: the same second would be WeChat's retry of the first scan (deduplicated, answered alike).
    const again = await pushToWebhook(
      server.url,
      server.services.config,
      scanEvent(u.phone.openid, scene.sceneId, true, Math.floor(Date.now() / 1000) + 1),
    );
    assert.match(again.reply ?? '', /验证码已经发送过了/);
    const other = sim().user('judy-friend', { following: true });
    const stolen = await pushToWebhook(server.url, server.services.config, scanEvent(other.openid, scene.sceneId));
    assert.match(stolen.reply ?? '', /已被使用/);

    const late = await verifyScene();
    const realNow = server.services.now;
    const later = Date.now() + 400_000;
    server.services.now = () => Date.now() + 400_000;
    try {
      const res = await pushToWebhook(
        server.url,
        server.services.config,
        scanEvent(u.phone.openid, late.sceneId, true, Math.floor(later / 1000)),
        { timestamp: String(Math.floor(later / 1000)) },
      );
      assert.match(res.reply ?? '', /已过期/);
    } finally {
      server.services.now = realNow;
    }
    assert.equal((await repos().scenes.get(late.sceneId))?.status, 'expired');
  });

  describe('the delivery chain for an email request (no push to answer)', () => {
    const customSends = () =>
      sim()
        .apiCalls()
        .filter((c) => c.path === '/cgi-bin/message/custom/send');
    async function requestByEmail(email: string) {
      const res = await anon().post('/api/auth/password-reset/request', { email });
      assert.equal(res.status, 202);
      assert.deepEqual(res.body, { accepted: true });
    }
    async function auditFor(userId: number, action: string) {
      for (let i = 0; i < 100; i++) {
        const rows = await repos().audit.list({ userId, action });
        if (rows.length > 0) return rows;
        await sleep(30);
      }
      return [];
    }

    it('uses customer service while the window a message opened is open (5 in 48 hours)', async () => {
      const u = await boundUser('kate');
      await u.phone.send('你好');
      const before = codesIn(u.phone.timeline()).length;
      await requestByEmail(u.email);
      const code = await waitForNewCode(u.phone, before);
      const text = u.phone.timeline().findLast((e) => e.kind === 'account_text' && e.via === 'custom');
      assert.ok(text && text.kind === 'account_text' && text.text.includes(code));
      const [row] = await auditFor(u.id, 'password_reset.code_sent');
      assert.deepEqual(row.detail, { trigger: 'email', via: 'custom' });
    });

    it('falls to the template when WeChat says the window is closed (45015, the real check) and remembers it', async () => {
      const u = await boundUser('kurt');
      await u.phone.send('你好');
      // WeChat's clock moves on: the simulator's window closes, WeBind's record does not know yet.
      u.phone.idle(49 * 3600_000);
      const sendsBefore = customSends().length;
      const before = codesIn(u.phone.timeline()).length;
      await requestByEmail(u.email);
      await waitForNewCode(u.phone, before);
      assert.equal(u.phone.timeline().at(-1)?.kind, 'template');
      const refused = customSends().slice(sendsBefore);
      assert.deepEqual(
        refused.map((c) => c.errcode),
        [45015],
      );
      // The next request does not try customer service again: the 45015 closed the window.
      const again = codesIn(u.phone.timeline()).length;
      await requestByEmail(u.email);
      await waitForNewCode(u.phone, again);
      assert.equal(customSends().length, sendsBefore + 1);
    });

    it('falls to the template when the window count is spent (45047), and without any window at all', async () => {
      const u = await boundUser('kim');
      await u.phone.send('你好');
      sim().faults.failNext(1, { errcode: 45047, path: '/cgi-bin/message/custom/send' });
      let before = codesIn(u.phone.timeline()).length;
      await requestByEmail(u.email);
      await waitForNewCode(u.phone, before);
      assert.equal(u.phone.timeline().at(-1)?.kind, 'template');
      const idle = await boundUser('kai');
      before = codesIn(idle.phone.timeline()).length;
      const sendsBefore = customSends().length;
      await requestByEmail(idle.email);
      await waitForNewCode(idle.phone, before);
      assert.equal(idle.phone.timeline().at(-1)?.kind, 'template');
      assert.equal(customSends().length, sendsBefore, 'no customer-service call without a window');
      // WeChat's 2023-05 rules: no first/remark, values within 20 characters.
      const card = idle.phone.timeline().at(-1)!;
      assert.ok(card.kind === 'template');
      assert.equal(card.first, undefined);
      assert.deepEqual(
        card.rows.map((r) => r.label),
        ['验证码', '有效期'],
      );
    });

    for (const [errcode, outcome, why] of [
      [40037, 'bad_template', 'invalid template_id'],
      [45009, 'quota_spent', 'daily quota spent'],
      [40164, 'ip_not_allowed', 'caller not in the IP allowlist'],
      [-1, 'unavailable', 'system busy'],
    ] as const) {
      it(`reports "not delivered" with the outcome when the template fails with ${errcode} (${why})`, async () => {
        const u = await boundUser(`lou${errcode < 0 ? 'm1' : errcode}`);
        sim().faults.failNext(1, { errcode, path: '/cgi-bin/message/template/send' });
        await requestByEmail(u.email);
        const [row] = await auditFor(u.id, 'password_reset.code_undelivered');
        assert.deepEqual(row.detail, {
          trigger: 'email',
          attempts: [
            { channel: 'custom', outcome: 'no_window' },
            { channel: 'template', outcome, errcode },
          ],
        });
      });
    }

    it('records an email request it could not deliver (unfollowed: no window, 43004) and still answers like any other', async () => {
      const u = await boundUser('mallory');
      await u.phone.unfollow();
      await requestByEmail(u.email);
      const rows = await auditFor(u.id, 'password_reset.code_undelivered');
      assert.equal(rows.length, 1);
      assert.deepEqual(rows[0].detail, {
        trigger: 'email',
        attempts: [
          { channel: 'custom', outcome: 'no_window' },
          { channel: 'template', outcome: 'not_following', errcode: 43004 },
        ],
      });
      assert.equal(
        (await repos().audit.list({ userId: u.id, action: 'password_reset.code_sent' })).length,
        0,
        'never a silent success',
      );
    });

    it('gets 48001 for the template on a subscription account, and reports not delivered', async () => {
      const u = await boundUser('mona');
      sim().faults.accountType('subscription');
      try {
        await requestByEmail(u.email);
        const [row] = await auditFor(u.id, 'password_reset.code_undelivered');
        assert.deepEqual(row.detail, {
          trigger: 'email',
          attempts: [
            { channel: 'custom', outcome: 'no_window' },
            { channel: 'template', outcome: 'not_allowed', errcode: 48001 },
          ],
        });
      } finally {
        sim().faults.reset();
      }
    });
  });

  it('sends a code by email request to the bound WeChat, and the email + code reset works', async () => {
    const u = await boundUser('nina');
    const before = codesIn(u.phone.timeline()).length;
    const res = await anon().post('/api/auth/password-reset/request', { email: 'Nina@Example.com ' });
    assert.equal(res.status, 202);
    const code = await waitForNewCode(u.phone, before);
    assert.equal(u.phone.timeline().at(-1)?.kind, 'template');
    assert.equal((await reset({ email: u.email, code, password: 'new password 1' })).status, 200);
    assert.equal(await canLogIn(u.email, 'new password 1'), true);
  });
});

describe('verification codes without a code template', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.stop();
  });

  it('answers a scan with the code in the passive reply, with no message API call', async () => {
    const { phone } = await createBoundUser(server, 'olga', { password: OLD_PASSWORD });
    const scene = (await new TestClient(server.url).post('/api/scan', { purpose: 'verify' })).body;
    const result = await phone.scan(scene.qrContent);
    assert.match(result.reply ?? '', /^验证码：\d{6}\n/);
    const calls = server.simulator!.driver.apiCalls().map((c) => c.path);
    assert.ok(!calls.some((p) => p.includes('/message/')), 'no message API call to answer a push');
  });
});
