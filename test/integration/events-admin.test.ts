// Offline events (issue 19), the admin side over HTTP: only ADMIN_EMAILS create and edit events; bad
// input is refused and changes nothing; the capacity cannot drop under the sign-ups; the attendee
// list pages and CSV export show sign-up and check-in times.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SESSION_COOKIE, startSession } from '../../lib/auth/sessions';
import { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';

const ADMIN = 'events-admin@example.com';
const HOUR = 3600_000;

describe('events: admin pages and routes', () => {
  let server: TestServer;
  let admin: TestClient;
  let plain: TestClient;

  async function signedIn(email: string) {
    const user = await server.services.repos.users.create({ email, passwordHash: 'unused', now: Date.now() });
    assert.ok(user);
    const session = await startSession(server.services, user.id, { ip: null, userAgent: 'test' });
    const c = new TestClient(server.url);
    c.cookies.set(SESSION_COOKIE, session.token);
    return Object.assign(c, { userId: user.id });
  }

  const input = (over: Record<string, unknown> = {}) => {
    const start = Date.now() + 48 * HOUR;
    return {
      title: '产品路演 <b>',
      description: 'Roadshow',
      place: '上海',
      startsAt: start,
      endsAt: start + 2 * HOUR,
      capacity: 2,
      signupDeadline: start - HOUR,
      walkInsAllowed: false,
      ...over,
    };
  };

  before(async () => {
    server = await startTestServer({ ADMIN_EMAILS: ADMIN });
    admin = await signedIn(ADMIN);
    plain = await signedIn('plain-events@example.com');
  });
  after(() => server.stop());

  it('refuses a non-admin (403) and a stranger (401), creating nothing', async () => {
    assert.equal((await plain.post('/api/admin/events', input())).status, 403);
    assert.equal((await new TestClient(server.url).post('/api/admin/events', input())).status, 401);
    assert.equal((await plain.request('GET', '/admin/events')).status, 404);
    assert.equal((await server.services.repos.events.list()).length, 0);
  });

  it('refuses bad input with a clear code and creates nothing', async () => {
    const bad = [
      [{ title: '' }, 'invalid_event_title'],
      [{ capacity: 0 }, 'invalid_capacity'],
      [{ capacity: 1.5 }, 'invalid_capacity'],
      [{ endsAt: 0 }, 'invalid_event_time'],
      [{ signupDeadline: Date.now() + 1000 * HOUR }, 'invalid_event_deadline'],
      [{ extra: 1 }, 'invalid_input'],
    ] as const;
    for (const [over, code] of bad) {
      const res = await admin.post('/api/admin/events', input(over));
      assert.equal(res.status, 400, JSON.stringify(over));
      assert.equal(res.body.error.code, code, JSON.stringify(over));
    }
    assert.equal((await server.services.repos.events.list()).length, 0);
  });

  it('creates and edits an event, lists it, shows attendees with times, and exports them as CSV', async () => {
    const created = await admin.post('/api/admin/events', input());
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    const { repos } = server.services;
    const users = [];
    for (const email of ['a-ev@example.com', '=cmd@example.com']) {
      const u = await repos.users.create({ email, passwordHash: 'x', now: Date.now() });
      assert.ok(u);
      users.push(u);
      assert.equal(await repos.events.signUp({ eventId: id, userId: u.id, now: Date.now() }), 'ok');
    }
    await repos.events.checkIn({ eventId: id, userId: users[0].id, now: Date.now(), walkIn: false });

    const lowered = await admin.request('PUT', `/api/admin/events/${id}`, input({ capacity: 1 }));
    assert.equal(lowered.status, 409);
    assert.equal(lowered.body.error.code, 'capacity_below_signups');
    const edited = await admin.request('PUT', `/api/admin/events/${id}`, input({ capacity: 5, title: 'Renamed' }));
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.capacity, 5);
    assert.equal((await admin.request('PUT', '/api/admin/events/999999', input())).status, 404);

    const list = await admin.request('GET', '/admin/events');
    assert.equal(list.status, 200);
    assert.match(list.body, /Renamed/);
    const page = await admin.request('GET', `/admin/events/${id}`);
    assert.match(page.body, /a-ev@example\.com/);
    assert.doesNotMatch(page.body, /<b>/);

    const csv = await admin.request('GET', `/api/admin/events/${id}/attendees`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    const lines = String(csv.body).trim().split('\r\n');
    assert.equal(lines[0], 'user_id,email,signed_up_at,walk_in,checked_in_at,arrival');
    assert.match(lines[1], /^\d+,a-ev@example\.com,\d{4}-\d\d-\d\dT[^,]+,no,\d{4}-[^,]+,1$/);
    // A formula-looking e-mail is defused for spreadsheets.
    assert.match(lines[2], /^\d+,'=cmd@example\.com,[^,]+,no,,$/);
    assert.equal((await plain.request('GET', `/api/admin/events/${id}/attendees`)).status, 403);
  });
});
