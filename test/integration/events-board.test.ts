// Offline events (issue 19), the live board: an administrator's socket joins an event's board and each
// check-in (door QR scan or staff by e-mail) is pushed to it at once with the count against capacity
// and the masked names of the latest arrivals; anyone else is refused and hears nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SESSION_COOKIE, startSession } from '../../lib/auth/sessions';
import type { BoardAck, BoardUpdate } from '../../lib/realtime/events';
import { createBoundUser } from '../helpers/accounts';
import { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';
import { ScanWatcher } from '../helpers/socket';

const ADMIN = 'board-admin@example.com';
import { createEvent, HOUR } from '../helpers/events';

describe('events: the live board', () => {
  let server: TestServer;
  let admin: TestClient;
  let adminCookie: string;
  let eventId: number;

  before(async () => {
    server = await startTestServer({ ADMIN_EMAILS: ADMIN });
    const user = await server.services.repos.users.create({ email: ADMIN, passwordHash: 'x', now: Date.now() });
    assert.ok(user);
    const session = await startSession(server.services, user.id, { ip: null, userAgent: 'test' });
    adminCookie = `${SESSION_COOKIE}=${session.token}`;
    admin = new TestClient(server.url);
    admin.cookies.set(SESSION_COOKIE, session.token);
    eventId = (await createEvent(server, { title: '大屏', startsIn: HOUR, capacity: 5 })).id;
  });
  after(() => server.stop());

  const join = (w: ScanWatcher, id: number) =>
    new Promise<BoardAck>((resolve) => w.socket.emit('board', { eventId: id }, resolve));

  it('pushes each arrival to the admin board within a second, with masked names', async () => {
    const w = new ScanWatcher(server.url, { cookie: adminCookie });
    const pushes: BoardUpdate[] = [];
    w.socket.on('board', (u) => pushes.push(u));
    try {
      const first = await join(w, eventId);
      assert.ok(first.ok, JSON.stringify(first));
      assert.equal(first.board.checkedIn, 0);
      const { repos } = server.services;
      const a = await createBoundUser(server, 'board-alice', { email: 'alice.board@example.com' });
      await repos.events.signUp({ eventId, userId: a.id, now: Date.now() });
      const b = await createBoundUser(server, 'board-bob', { email: 'bob.board@example.com' });
      await repos.events.signUp({ eventId, userId: b.id, now: Date.now() });
      const qr = (await admin.post(`/api/admin/events/${eventId}/checkin-qr`, {})).body.qrContent;

      for (const [phone, n] of [
        [a.phone, 1],
        [b.phone, 2],
      ] as const) {
        const t0 = Date.now();
        await phone.scan(qr);
        while (pushes.length < n && Date.now() - t0 < 1000) await new Promise((r) => setTimeout(r, 10));
        assert.equal(pushes.length, n, `arrival ${n} pushed within a second`);
      }
      assert.equal(pushes[1].checkedIn, 2);
      assert.equal(pushes[1].capacity, 5);
      assert.deepEqual(
        pushes[1].latest.map((x) => x.arrival),
        [2, 1],
      );
      assert.doesNotMatch(JSON.stringify(pushes), /alice\.board|bob\.board/, 'names are masked');
      assert.match(pushes[1].latest[1].name, /^a\*+@example\.com$/);
    } finally {
      w.socket.close();
    }
  });

  it('refuses a non-admin and a stranger, who then hear no arrivals; an unknown event is not found', async () => {
    const plainUser = await createBoundUser(server, 'board-plain');
    const session = await startSession(server.services, plainUser.id, { ip: null, userAgent: 'test' });
    const plain = new ScanWatcher(server.url, { cookie: `${SESSION_COOKIE}=${session.token}` });
    const stranger = new ScanWatcher(server.url);
    const adminW = new ScanWatcher(server.url, { cookie: adminCookie });
    const heard: unknown[] = [];
    plain.socket.on('board', (u) => heard.push(u));
    stranger.socket.on('board', (u) => heard.push(u));
    try {
      const p = await join(plain, eventId);
      assert.equal(p.ok, false);
      assert.equal(!p.ok && p.code, 'admin_only');
      const s = await join(stranger, eventId);
      assert.equal(!s.ok && s.code, 'unauthorized');
      const u = await join(adminW, 999_999);
      assert.equal(!u.ok && u.code, 'not_found');
      const bad = await new Promise<BoardAck>((r) =>
        adminW.socket.emit('board', { eventId: 'x' } as unknown as { eventId: number }, r),
      );
      assert.equal(bad.ok, false);

      const c = await createBoundUser(server, 'board-carol');
      await server.services.repos.events.signUp({ eventId, userId: c.id, now: Date.now() });
      const staff = await admin.post(`/api/admin/events/${eventId}/checkin`, { email: c.email });
      assert.equal(staff.status, 200);
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(heard, []);
    } finally {
      for (const w of [plain, stranger, adminW]) w.socket.close();
    }
  });
});
