import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io } from 'socket.io-client';
import { SESSION_COOKIE, startSession } from '../../lib/auth/sessions';
import { t } from '../../lib/i18n';
import { ADMIN_NAMESPACE, type ChartPoint, mergePoints } from '../../lib/metrics/series';
import { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';
import { ScanWatcher } from '../helpers/socket';

const ADMIN = 'boss@example.com';

describe('the admin console: role, actions, audit', () => {
  let server: TestServer;
  let admin: TestClient & { userId: number; cookie: string };
  let plain: TestClient & { userId: number; cookie: string };
  let bound: { userId: number; email: string; openid: string; cookie: string };

  async function signedIn(email: string) {
    const user = await server.services.repos.users.create({ email, passwordHash: 'unused', now: Date.now() });
    assert.ok(user);
    const session = await startSession(server.services, user.id, { ip: null, userAgent: 'test' });
    const c = new TestClient(server.url);
    c.cookies.set(SESSION_COOKIE, session.token);
    return Object.assign(c, { userId: user.id, cookie: `${SESSION_COOKIE}=${session.token}` });
  }

  /** Binds a fresh account by a real scan through the simulator. */
  async function bindByScan(email: string) {
    const c = await signedIn(email);
    const scene = await c.post('/api/scan', { purpose: 'bind' });
    assert.equal(scene.status, 201, JSON.stringify(scene.body));
    const phone = server.simulator!.driver.user(`phone-${email}`, { following: true });
    await phone.scan(scene.body.qrContent);
    return { userId: c.userId, email, openid: phone.openid, cookie: c.cookie };
  }

  before(async () => {
    server = await startTestServer({ ADMIN_EMAILS: ` ${ADMIN.toUpperCase()} , other-admin@example.com` });
    admin = await signedIn(ADMIN);
    plain = await signedIn('someone@example.com');
    bound = await bindByScan('bound-user@example.com');
  });
  after(async () => {
    await server.stop();
  });

  const pages = () => [
    '/admin',
    '/admin/bindings?q=bound',
    `/admin/bindings/${bound.userId}`,
    '/admin/audit',
    '/admin/health',
  ];
  const apis = () =>
    [
      ['GET', '/api/admin/bindings?q=bound'],
      ['GET', `/api/admin/users/${bound.userId}`],
      ['DELETE', `/api/admin/users/${bound.userId}/binding`, { reason: 'no reason at all' }],
      ['GET', '/api/admin/audit'],
      ['GET', '/api/admin/audit?format=csv'],
      ['GET', '/api/admin/health'],
      ['POST', '/api/admin/doctor'],
    ] as const;

  it('a signed-in non-admin gets 404 on every admin page and 403 on every admin API, and changes nothing', async () => {
    for (const page of pages()) {
      const res = await plain.get(page);
      assert.equal(res.status, 404, page);
      assert.ok(!String(res.body).includes('bound-user@example.com'), `${page} leaks nothing`);
    }
    for (const [method, path, body] of apis()) {
      const res = await plain.request(method, path, body);
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.body.error.code, 'admin_only');
    }
    assert.ok(await server.services.repos.bindings.findByUser(bound.userId), 'the binding survived');
    const audit = await server.services.db.ops.searchAudit({ userId: plain.userId, limit: 10 });
    assert.equal(audit.filter((e) => e.action.startsWith('admin.')).length, 0, 'no admin action was recorded');
  });

  it('without a session every admin page is 404 and every admin API 401', async () => {
    const anon = new TestClient(server.url);
    for (const page of pages()) assert.equal((await anon.get(page)).status, 404, page);
    for (const [method, path, body] of apis()) assert.equal((await anon.request(method, path, body)).status, 401, path);
  });

  it('the live-chart socket refuses non-admins and anonymous browsers', async () => {
    for (const cookie of [plain.cookie, undefined]) {
      const socket = io(`${server.url}${ADMIN_NAMESPACE}`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        extraHeaders: cookie ? { cookie } : {},
      });
      const error = await new Promise<Error>((resolve, reject) => {
        socket.on('connect_error', resolve);
        socket.on('connect', () => reject(new Error('connected')));
      });
      socket.close();
      assert.equal(error.message, 'forbidden');
    }
  });

  it('an admin (listed in any case, with spaces) sees the pages in both languages', async () => {
    const zh = await admin.get('/admin');
    assert.equal(zh.status, 200);
    assert.match(zh.body, /运营后台/);
    assert.match(zh.body, /每分钟扫码次数/);
    const en = await admin.get('/admin/audit', { cookie: `${admin.cookie}; lang=en` });
    assert.equal(en.status, 200);
    assert.match(en.body, /Audit log/);
  });

  it('names each card of the console by its heading', async () => {
    for (const path of [...pages().slice(1), '/admin/integrations']) {
      const html = (await admin.get(path)).body as string;
      const regions = [...html.matchAll(/<section class="card[^"]*" aria-labelledby="([\w-]+)">(.{0,200})/gs)];
      assert.ok(regions.length > 0, path);
      for (const [, id, next] of regions) assert.match(next, new RegExp(`^<h2 id="${id}">[^<]+</h2>`), `${path} ${id}`);
    }
  });

  it("heads each data table with its columns in the page's language", async () => {
    const headers = (html: string, testId: string) => {
      const table = new RegExp(`<table[^>]*data-testid="${testId}"[^>]*>(.*?)</thead>`, 's').exec(html)?.[1] ?? '';
      return [...table.matchAll(/<th scope="col">(.*?)<\/th>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
    };
    const keys = ['admin.col.time', 'admin.col.action', 'admin.col.user', 'admin.col.openid', 'admin.col.detail'];
    for (const locale of ['zh', 'en'] as const) {
      const page = await admin.get('/admin/audit', { cookie: `${admin.cookie}; lang=${locale}` });
      assert.deepEqual(
        headers(page.body, 'audit-table'),
        keys.map((k) => t(locale, k)),
      );
    }
    // A table with row actions names its last column for screen readers only.
    const integrations = await admin.get('/admin/integrations', { cookie: `${admin.cookie}; lang=en` });
    assert.deepEqual(headers(integrations.body, 'webhook-endpoints'), [
      'ID',
      'URL',
      t('en', 'admin.int.events'),
      t('en', 'admin.int.actions'),
    ]);
    assert.match(integrations.body, new RegExp(`<span class="sr-only">${t('en', 'admin.int.actions')}</span>`));
  });

  it('searches by part of an e-mail and by a whole openid, and audits the search with who did it', async () => {
    const byEmail = await admin.get('/api/admin/bindings?q=BOUND-user');
    assert.equal(byEmail.status, 200);
    assert.deepEqual(
      byEmail.body.accounts.map((r: { user: { email: string } }) => r.user.email),
      ['bound-user@example.com'],
    );
    assert.equal(byEmail.body.accounts[0].binding.openid, bound.openid);
    const byOpenid = await admin.get(`/api/admin/bindings?q=${bound.openid}`);
    assert.equal(byOpenid.body.accounts[0].user.id, bound.userId);
    const partOfOpenid = await admin.get(`/api/admin/bindings?q=${bound.openid.slice(0, 8)}`);
    assert.equal(partOfOpenid.body.accounts.length, 0, 'an openid must be whole');
    const wildcard = await admin.get('/api/admin/bindings?q=%25');
    assert.equal(wildcard.body.accounts.length, 0, 'LIKE wildcards are literal');
    const rows = await server.services.db.ops.searchAudit({ action: 'admin.search', limit: 10 });
    assert.ok(
      rows.some((r) => r.userId === admin.userId && r.detail?.admin === ADMIN && r.detail?.query === 'BOUND-user'),
    );
  });

  it("shows a user's history from the audit log", async () => {
    const res = await admin.get(`/api/admin/users/${bound.userId}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.binding.openid, bound.openid);
    assert.ok(res.body.entries.some((e: { action: string }) => e.action === 'wechat.bound'));
    assert.equal((await admin.get('/api/admin/users/999999')).status, 404);
    assert.equal((await admin.get('/api/admin/users/abc')).status, 404);
    const page = await admin.get(`/admin/bindings/${bound.userId}`);
    assert.match(page.body, /wechat\.bound/);
  });

  it('forced unbind needs a reason, then unbinds, tells the user and audits who did it and why', async () => {
    const watcher = new ScanWatcher(server.url, { cookie: bound.cookie });
    await watcher.connected();
    const path = `/api/admin/users/${bound.userId}/binding`;
    for (const body of [{}, { reason: ' ' }, { reason: 7 }, 'not json']) {
      const res = await admin.request('DELETE', path, body);
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    assert.ok(await server.services.repos.bindings.findByUser(bound.userId), 'still bound after bad input');
    const cross = await new TestClient(server.url, 'https://evil.example').request(
      'DELETE',
      path,
      { reason: 'x'.repeat(10) },
      { cookie: admin.cookie },
    );
    assert.equal(cross.status, 403, 'cross-origin refused');

    const res = await admin.request('DELETE', path, { reason: '用户申诉：账号被盗' });
    assert.equal(res.status, 200);
    assert.equal(await server.services.repos.bindings.findByUser(bound.userId), null);
    await watcher.waitForAccount((u) => u.wechat === null);
    watcher.close();
    const [row] = await server.services.db.ops.searchAudit({
      userId: bound.userId,
      action: 'wechat.unbound',
      limit: 1,
    });
    assert.deepEqual(row.detail, { via: 'admin', adminId: admin.userId, admin: ADMIN, reason: '用户申诉：账号被盗' });
    assert.equal(row.openid, bound.openid);
    assert.equal((await admin.request('DELETE', path, { reason: 'again please' })).status, 404, 'not bound any more');
  });

  it("finds a host site's binding by external user id or openid and force-unbinds it with a reason", async () => {
    await server.services.repos.webhooks.addEndpoint({
      id: 'we_admin_test',
      url: 'http://127.0.0.1:9/hook',
      secret: `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`,
      events: null,
      createdAt: Date.now(),
    });
    const host = {
      id: 'bnd_admintest0001',
      externalUserId: 'shop-user-42',
      openid: 'oHostOpenid000000000001',
      boundAt: Date.now(),
      apiKeyName: 'shop',
    };
    assert.equal(await server.services.repos.hostBindings.insert(host), 'ok');
    const byExternal = await admin.get('/api/admin/bindings?q=shop-user-42');
    assert.deepEqual(
      byExternal.body.hosts.map((h: { id: string }) => h.id),
      [host.id],
    );
    const byOpenid = await admin.get(`/api/admin/bindings?q=${host.openid}`);
    assert.deepEqual(
      byOpenid.body.hosts.map((h: { id: string }) => h.id),
      [host.id],
    );
    const page = await admin.get('/admin/bindings?q=shop-user-42');
    assert.match(page.body, /shop-user-42/);

    const path = `/api/admin/host-bindings/${host.id}`;
    assert.equal((await plain.request('DELETE', path, { reason: 'not an admin' })).status, 403);
    assert.equal((await admin.request('DELETE', path, {})).status, 400);
    assert.ok(await server.services.repos.hostBindings.get(host.id), 'kept after refusals');
    assert.equal((await admin.request('DELETE', path, { reason: '商户要求解绑' })).status, 200);
    assert.equal(await server.services.repos.hostBindings.get(host.id), null);
    const [row] = await server.services.db.ops.searchAudit({ action: 'admin.host_unbind', limit: 1 });
    assert.equal(row.userId, admin.userId);
    assert.equal(row.detail?.reason, '商户要求解绑');
    assert.equal(row.detail?.externalUserId, 'shop-user-42');
    assert.equal((await admin.request('DELETE', path, { reason: 'once more' })).status, 404);
    assert.equal((await admin.request('DELETE', '/api/admin/host-bindings/..%2Fx', { reason: 'bad id' })).status, 404);

    // The host is told through its outgoing webhook: the health page shows that endpoint's deliveries.
    const health = await admin.get('/api/admin/health');
    const endpoint = health.body.outgoingWebhooks.find((e: { id: string }) => e.id === 'we_admin_test');
    assert.ok(endpoint, 'the endpoint is listed');
    assert.equal(endpoint.url, 'http://127.0.0.1:9/hook');
    assert.ok(endpoint.pending + endpoint.delivered + endpoint.failed >= 1, 'binding.deleted was queued for it');
  });

  it('filters the audit log by kind, account, openid and time, and refuses a bad time', async () => {
    const byKind = await admin.get('/api/admin/audit?kind=wechat.bound');
    assert.ok(byKind.body.entries.length >= 1);
    assert.ok(byKind.body.entries.every((e: { action: string }) => e.action === 'wechat.bound'));
    const byAccount = await admin.get('/api/admin/audit?account=bound-user@example.com');
    assert.ok(byAccount.body.entries.every((e: { userId: number }) => e.userId === bound.userId));
    assert.ok(byAccount.body.entries.length >= 2, 'bound and unbound');
    const byOpenid = await admin.get(`/api/admin/audit?openid=${bound.openid}`);
    assert.ok(byOpenid.body.entries.length >= 2);
    const future = await admin.get(`/api/admin/audit?from=${Date.now() + 3600_000}`);
    assert.equal(future.body.entries.length, 0);
    const unknown = await admin.get('/api/admin/audit?account=nobody@example.com');
    assert.equal(unknown.body.entries.length, 0);
    const bad = await admin.get('/api/admin/audit?from=yesterday-ish');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'invalid_time');
    const page = await admin.get('/admin/audit?kind=wechat.unbound');
    assert.match(page.body, /用户申诉/);
  });

  it('exports the filtered audit log as CSV, defuses formulas, and audits the export', async () => {
    await server.services.repos.audit.add({
      at: Date.now(),
      action: 'test.formula',
      userId: null,
      openid: '=HYPERLINK("http://evil")',
      detail: null,
    });
    const res = await fetch(`${server.url}/api/admin/audit?format=csv&kind=test.formula`, {
      headers: { cookie: admin.cookie },
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="webind-audit-/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    assert.equal(lines[0], 'id,time,action,user_id,openid,detail');
    assert.equal(lines.length, 2);
    assert.match(lines[1], /,test\.formula,,"'=HYPERLINK\(""http:\/\/evil""\)",$/);
    const [row] = await server.services.db.ops.searchAudit({ action: 'admin.audit_export', limit: 1 });
    assert.equal(row.userId, admin.userId);
    assert.equal(row.detail?.admin, ADMIN);
    assert.equal(row.detail?.rows, 1);
  });

  it('health: QR quota from openapi/quota/get, token age, last webhook; the doctor runs and is audited', async () => {
    const res = await admin.get('/api/admin/health');
    assert.equal(res.status, 200);
    assert.equal(res.body.quota.ok, true);
    assert.ok(res.body.quota.used >= 1, 'the bind QR counted');
    assert.equal(res.body.quota.used + res.body.quota.remain, res.body.quota.dailyLimit);
    assert.ok(res.body.token.refreshedAt <= Date.now() && res.body.token.expiresAt > Date.now());
    assert.equal(res.body.lastWebhook.outcome, 'handled');
    assert.ok(Date.now() - res.body.lastWebhook.at < 60_000);

    const doctor = await admin.post('/api/admin/doctor');
    assert.equal(doctor.status, 200);
    const states = Object.fromEntries(doctor.body.results.map((r: { id: string; state: string }) => [r.id, r.state]));
    assert.equal(states.token, 'pass');
    assert.equal(states.quota, 'pass');
    assert.equal(states.database, 'pass');
    const [row] = await server.services.db.ops.searchAudit({ action: 'admin.doctor', limit: 1 });
    assert.equal(row.userId, admin.userId);

    const page = await admin.get('/admin/health');
    assert.match(page.body, /二维码接口今日配额/);
  });

  it('keeps the chart points in the database: a restarted server still shows the minute of the scan', async () => {
    const before = await history(server, admin.cookie);
    const scans = (points: ChartPoint[]) => mergePoints(points).reduce((n, p) => n + (p.values.scans_bind ?? 0), 0);
    assert.ok(scans(before) >= 1, 'the bind scan is on the chart');
    await server.stop({ keepData: true });
    server = await startTestServer({ ADMIN_EMAILS: ADMIN }, server);
    const afterRestart = await history(server, admin.cookie);
    assert.equal(scans(afterRestart), scans(before));
  });
});

async function history(server: TestServer, cookie: string): Promise<ChartPoint[]> {
  const socket = io(`${server.url}${ADMIN_NAMESPACE}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: { cookie },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', resolve);
      socket.on('connect_error', reject);
    });
    const result = await socket.timeout(5000).emitWithAck('history');
    assert.equal(result.ok, true);
    return result.points as ChartPoint[];
  } finally {
    socket.close();
  }
}
