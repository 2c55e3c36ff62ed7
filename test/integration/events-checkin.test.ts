// Offline events (issue 19), check-in at the door: the check-in screen's QR (purpose `checkin`) admits
// a signed-up bound follower once ("签到成功，您是第 N 位", then "已签到"); not signed up → told so;
// a walk-in only where allowed; unbound → a link to bind; a QR past its minute is refused; staff check
// someone in by e-mail; only admins make door QRs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SESSION_COOKIE, startSession } from '../../lib/auth/sessions';
import { newSceneId } from '../../lib/scene/scene-id';
import { createBoundUser } from '../helpers/accounts';
import { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';

const ADMIN = 'door-admin@example.com';
import { createEvent, HOUR } from '../helpers/events';

describe('events: check-in at the door', () => {
  let server: TestServer;
  let admin: TestClient;
  let eventId: number;
  let walkInEventId: number;

  before(async () => {
    server = await startTestServer({ ADMIN_EMAILS: ADMIN });
    const user = await server.services.repos.users.create({ email: ADMIN, passwordHash: 'x', now: Date.now() });
    assert.ok(user);
    const session = await startSession(server.services, user.id, { ip: null, userAgent: 'test' });
    admin = new TestClient(server.url);
    admin.cookies.set(SESSION_COOKIE, session.token);
    const start = Date.now() + HOUR;
    const base = { description: '', place: '上海', startsAt: start, endsAt: start + HOUR, capacity: 10 };
    const now = Date.now();
    eventId = (
      await server.services.repos.events.create(
        { ...base, title: '路演', signupDeadline: start, walkInsAllowed: false },
        now,
      )
    ).id;
    walkInEventId = (
      await server.services.repos.events.create(
        { ...base, title: '开放日', signupDeadline: start, walkInsAllowed: true },
        now,
      )
    ).id;
  });
  after(() => server.stop());

  const doorQr = async (id: number) => {
    const res = await admin.post(`/api/admin/events/${id}/checkin-qr`, {});
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const left = res.body.expiresAt - Date.now();
    assert.ok(left <= 60_000 && left > 15_000, 'this minute’s QR, with life left');
    assert.ok(Math.abs(res.body.expiresInMs - left) < 1000, 'its life left, for a screen whose clock is off');
    return res.body.qrContent as string;
  };

  it('checks in signed-up followers in order, once each; tells a stranger and an unbound follower what to do', async () => {
    const { repos } = server.services;
    const a = await createBoundUser(server, 'door-a');
    const b = await createBoundUser(server, 'door-b');
    const c = await createBoundUser(server, 'door-c');
    const u = await createBoundUser(server, 'door-unbound', { bound: false });
    for (const x of [a, b]) assert.equal(await repos.events.signUp({ eventId, userId: x.id, now: Date.now() }), 'ok');
    const qr = await doorQr(eventId);
    assert.equal((await b.phone.scan(qr)).reply, '签到成功，您是第 1 位（路演）');
    assert.equal((await a.phone.scan(qr)).reply, '签到成功，您是第 2 位（路演）');
    // WeChat's event dedupe key is FromUserName + CreateTime (seconds): a real second scan is a later second.
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal((await a.phone.scan(qr)).reply, '已签到（您是第 2 位）');
    assert.match((await c.phone.scan(qr)).reply ?? '', /您尚未报名“路演”，未能签到/);
    assert.equal(await repos.events.findSignup(eventId, c.id), null);
    assert.match((await u.phone.scan(qr)).reply ?? '', /请先绑定网站账号再签到：http\S+\/wechat\/link\?openid=/);
    const event = await repos.events.get(eventId);
    assert.equal(event?.checkedIn, 2);
  });

  it('admits a walk-in only where the event allows it', async () => {
    const w = await createBoundUser(server, 'door-walkin');
    const qr = await doorQr(walkInEventId);
    assert.equal((await w.phone.scan(qr)).reply, '签到成功，您是第 1 位（开放日）');
    assert.equal((await server.services.repos.events.findSignup(walkInEventId, w.id))?.walkIn, true);
  });

  it("refuses a scan of the previous minute's QR and checks no one in", async () => {
    const { repos, wechat } = server.services;
    const late = await createBoundUser(server, 'door-late');
    await repos.events.signUp({ eventId, userId: late.id, now: Date.now() });
    // A QR the screen showed a minute ago: WeChat still knows it (it keeps door QRs two minutes).
    const sceneId = newSceneId();
    const { url } = await wechat.createTempQr({ sceneStr: sceneId }, 120);
    const at = Date.now() - 61_000;
    await repos.scenes.insert({
      id: sceneId,
      purpose: 'checkin',
      status: 'pending',
      userId: null,
      openid: null,
      browserKeyHash: null,
      qrContent: url,
      detail: { locale: 'zh', eventId },
      ip: null,
      userAgent: null,
      createdAt: at,
      updatedAt: at,
      expiresAt: at + 60_000,
    });
    assert.match((await late.phone.scan(url)).reply ?? '', /该签到二维码已过期/);
    assert.equal((await repos.events.findSignup(eventId, late.id))?.checkedInAt, null);
    // This minute's QR still works.
    assert.equal((await late.phone.scan(await doorQr(eventId))).reply, '签到成功，您是第 3 位（路演）');
  });

  it('lets staff check someone in by e-mail, and refuses strangers, unknown e-mails and non-admins', async () => {
    const { repos } = server.services;
    const s = await createBoundUser(server, 'door-staff', { bound: false, email: 'door-staff@example.com' });
    await repos.events.signUp({ eventId, userId: s.id, now: Date.now() });
    const ok = await admin.post(`/api/admin/events/${eventId}/checkin`, { email: 'Door-Staff@example.com' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.state, 'checked_in');
    assert.equal(ok.body.arrival, 4);
    const again = await admin.post(`/api/admin/events/${eventId}/checkin`, { email: 'door-staff@example.com' });
    assert.deepEqual(again.body, { state: 'already', arrival: 4 });
    const notSigned = await admin.post(`/api/admin/events/${eventId}/checkin`, { email: 'door-c@example.com' });
    assert.equal(notSigned.status, 409);
    assert.equal(notSigned.body.error.code, 'not_signed_up');
    assert.equal(
      (await admin.post(`/api/admin/events/${eventId}/checkin`, { email: 'nobody@example.com' })).status,
      404,
    );
    const stranger = await createBoundUser(server, 'door-nonadmin');
    const session = await startSession(server.services, stranger.id, { ip: null, userAgent: 'test' });
    const plain = new TestClient(server.url);
    plain.cookies.set(SESSION_COOKIE, session.token);
    assert.equal((await plain.post(`/api/admin/events/${eventId}/checkin-qr`, {})).status, 403);
    assert.equal(
      (await plain.post(`/api/admin/events/${eventId}/checkin`, { email: 'door-c@example.com' })).status,
      403,
    );
    assert.equal((await admin.post('/api/admin/events/999999/checkin-qr', {})).status, 404);
  });

  it("says plainly when the day's QR quota is spent (45009), and logs it once", async () => {
    const sim = server.simulator!.driver;
    const log = server.services.log;
    const errors: string[] = [];
    const realError = log.error.bind(log);
    log.error = ((obj: unknown, msg?: string) => {
      errors.push(String(msg ?? obj));
      return realError(obj as object, msg);
    }) as typeof log.error;
    // Events of their own, so no QR of this minute is there to share.
    const [first, second] = await Promise.all(
      ['配额一', '配额二'].map(async (title) => {
        const start = Date.now() + HOUR;
        const base = { description: '', place: '上海', startsAt: start, endsAt: start + HOUR, capacity: 10 };
        return (
          await server.services.repos.events.create(
            { ...base, title, signupDeadline: start, walkInsAllowed: false },
            Date.now(),
          )
        ).id;
      }),
    );
    await doorQr(first); // a QR made first: the spent quota is news again
    sim.faults.qrDailyLimit(sim.faults.state().qrUsedToday);
    try {
      for (let i = 0; i < 2; i++) {
        const res = await admin.post(`/api/admin/events/${second}/checkin-qr`, {});
        assert.equal(res.status, 502);
        assert.equal(res.body.error.code, 'qr_quota_exhausted');
        assert.match(res.body.error.message, /二维码已用完/);
      }
      assert.equal(errors.filter((e) => e.includes('45009')).length, 1, 'one error log, not one per request');
    } finally {
      log.error = realError;
      sim.faults.reset();
    }
    assert.equal((await admin.post(`/api/admin/events/${second}/checkin-qr`, {})).status, 201, 'works again');
  });

  it('hands a second screen (or a reload) the QR of this minute instead of spending a new one', async () => {
    const sim = server.simulator!.driver;
    const { repos } = server.services;
    const make = async (title: string) => (await createEvent(server, { title, startsIn: HOUR })).id;
    const [hall, other, side] = [await make('一号门'), await make('二号门'), await make('侧门')];
    const used = () => sim.faults.state().qrUsedToday;
    const before = used();
    const one = await admin.post(`/api/admin/events/${hall}/checkin-qr`, {});
    const two = await admin.post(`/api/admin/events/${hall}/checkin-qr`, {});
    assert.equal(two.body.qrContent, one.body.qrContent);
    assert.equal(two.body.expiresAt, one.body.expiresAt, 'the same minute: sharing never lengthens a QR’s life');
    assert.equal(used(), before + 1, 'one qrcode/create for both screens');
    // Another event has its own QR.
    const elsewhere = await admin.post(`/api/admin/events/${other}/checkin-qr`, {});
    assert.notEqual(elsewhere.body.qrContent, one.body.qrContent);
    assert.equal(used(), before + 2);
    // A QR about to expire is not handed out: the screen would have to renew it at once.
    const at = Date.now();
    const dying = newSceneId();
    const admins = await repos.users.findByEmail(ADMIN);
    await repos.scenes.insert({
      id: dying,
      purpose: 'checkin',
      status: 'pending',
      userId: admins!.id,
      openid: null,
      browserKeyHash: null,
      qrContent: `https://example.invalid/${dying}`,
      detail: { locale: 'zh', eventId: side },
      ip: null,
      userAgent: null,
      createdAt: at + 1,
      updatedAt: at + 1,
      expiresAt: at + 10_000,
    });
    const fresh = await admin.post(`/api/admin/events/${side}/checkin-qr`, {});
    assert.notEqual(fresh.body.qrContent, `https://example.invalid/${dying}`);
    assert.ok(fresh.body.expiresInMs > 50_000);
    assert.equal(used(), before + 3);
  });
});
