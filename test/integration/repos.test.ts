// One contract suite for the data-access layer, run against every dialect: SQLite in memory, and
// PostgreSQL at PG_TEST_URL (default postgres://postgres@127.0.0.1:5432/test) when it is reachable.
// Each PostgreSQL run works in a database of its own (webind_test_<random>), dropped afterwards, so
// this file can run in parallel with other tests that use the same server.
//
//   node --import tsx --test test/integration/repos.test.ts
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { openDatabase, type Database, type Repos, type Scene } from '../../lib/db';
import pg from 'pg';
import { createPgDatabase, PG_URL, postgresReachable } from '../helpers/postgres';
import { SCENE_PURPOSES, SCENE_STATUSES } from '../../lib/scene/status';

interface Harness {
  /** An empty database for one test; the harness closes it. */
  fresh(): Promise<Database>;
  /** A new empty store the test opens (and closes) itself, possibly several times. */
  store(): Promise<{ url: string; drop(): Promise<void> }>;
  done(): Promise<void>;
}

function sqliteHarness(): Harness {
  let current: Database | null = null;
  const dirs: string[] = [];
  return {
    async fresh() {
      await current?.close();
      current = await openDatabase(':memory:', { now: Date.now });
      return current;
    },
    async store() {
      const dir = mkdtempSync(path.join(tmpdir(), 'webind-repos-'));
      dirs.push(dir);
      return {
        url: `file:${path.join(dir, 'db.sqlite')}`,
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
    async done() {
      await current?.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresHarness(): Promise<Harness> {
  const shared = await createPgDatabase();
  const db = await openDatabase(shared.url, { now: Date.now });
  const stores: Array<{ drop(): Promise<void> }> = [shared];
  const direct = new pg.Client({ connectionString: shared.url });
  await direct.connect();
  const tables = (
    await direct.query<{ tablename: string }>(`select tablename from pg_tables where schemaname = 'public'`)
  ).rows.map((r) => `"${r.tablename}"`);
  return {
    async fresh() {
      await direct.query(`truncate ${tables.join(', ')} restart identity cascade`);
      return db;
    },
    async store() {
      const store = await createPgDatabase();
      stores.push(store);
      return store;
    },
    async done() {
      await direct.end();
      await db.close();
      for (const store of stores) await store.drop();
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const NOW = 1_750_000_000_000;
const HOUR = 3600_000;

function scene(id: string, over: Partial<Scene> = {}): Scene {
  return {
    id,
    purpose: 'bind',
    status: 'pending',
    userId: null,
    externalUserId: null,
    openid: null,
    browserKeyHash: 'bk',
    qrContent: `https://weixin.qq.com/q/${id}`,
    detail: null,
    ip: '127.0.0.1',
    userAgent: 'test',
    createdAt: NOW,
    updatedAt: NOW,
    expiresAt: NOW + HOUR,
    ...over,
  };
}

async function newUser(repos: Repos, email = `u${randomBytes(4).toString('hex')}@example.com`) {
  const user = await repos.users.create({ email, passwordHash: 'hash', now: NOW });
  assert.ok(user);
  return user;
}

function contract(name: string, makeHarness: () => Promise<Harness>) {
  describe(name, () => {
    let h: Harness;
    let db: Database;
    let r: Repos;
    before(async () => {
      h = await makeHarness();
    });
    after(async () => {
      await h?.done();
    });
    beforeEach(async () => {
      db = await h.fresh();
      r = db.repos;
    });

    it('users: create, duplicate, findByEmail, findById, setPassword', async () => {
      const user = await r.users.create({ email: 'a@example.com', passwordHash: 'h1', now: NOW });
      assert.ok(user);
      assert.deepEqual(user, { id: user.id, email: 'a@example.com', createdAt: NOW, passwordChangedAt: NOW });
      assert.equal(await r.users.create({ email: 'a@example.com', passwordHash: 'h2', now: NOW + 1 }), null);

      assert.deepEqual(await r.users.findByEmail('a@example.com'), { ...user, passwordHash: 'h1' });
      assert.equal(await r.users.findByEmail('b@example.com'), null);
      assert.deepEqual(await r.users.findById(user.id), user);
      assert.equal(await r.users.findById(user.id + 1000), null);

      await r.users.setPassword(user.id, 'h3', NOW + 5);
      assert.deepEqual(await r.users.findByEmail('a@example.com'), {
        ...user,
        passwordHash: 'h3',
        passwordChangedAt: NOW + 5,
      });
      const other = await r.users.create({ email: 'b@example.com', passwordHash: 'h', now: NOW });
      assert.ok(other && other.id !== user.id);
    });

    it('sessions: create, find, delete, deleteForUser(except)', async () => {
      const u = await newUser(r);
      const v = await newUser(r);
      const base = { userId: u.id, createdAt: NOW, expiresAt: NOW + HOUR, userAgent: 'ua', ip: '::1' };
      for (const tokenHash of ['s1', 's2', 's3']) await r.sessions.create({ ...base, tokenHash });
      await r.sessions.create({ ...base, tokenHash: 'v1', userId: v.id, userAgent: null, ip: null });

      assert.deepEqual(await r.sessions.find('s1'), { ...base, tokenHash: 's1' });
      assert.deepEqual(await r.sessions.find('v1'), {
        ...base,
        tokenHash: 'v1',
        userId: v.id,
        userAgent: null,
        ip: null,
      });
      assert.equal(await r.sessions.find('nope'), null);

      await r.sessions.delete('s3');
      assert.equal(await r.sessions.find('s3'), null);
      assert.equal(await r.sessions.deleteForUser(u.id, 's1'), 1);
      assert.ok(await r.sessions.find('s1'));
      assert.equal(await r.sessions.find('s2'), null);
      assert.equal(await r.sessions.deleteForUser(u.id), 1);
      assert.equal(await r.sessions.find('s1'), null);
      assert.ok(await r.sessions.find('v1'), "another user's sessions survive");
      await assert.rejects(r.sessions.create({ ...base, tokenHash: 'v1' }), 'a duplicate token hash is refused');
    });

    it('bindings: insert ok / openid_taken / user_taken, find, setSubscribed, delete', async () => {
      const u = await newUser(r);
      const v = await newUser(r);
      const binding = { userId: u.id, openid: 'o-1', boundAt: NOW, subscribed: true, subscribedChangedAt: null };
      assert.equal(await r.bindings.insert(binding), 'ok');
      assert.equal(await r.bindings.insert({ ...binding, userId: v.id }), 'openid_taken');
      assert.equal(await r.bindings.insert({ ...binding, openid: 'o-2' }), 'user_taken');
      assert.equal(await r.bindings.insert(binding), 'openid_taken', 'both sides taken reports the openid');

      assert.deepEqual(await r.bindings.findByUser(u.id), binding);
      assert.deepEqual(await r.bindings.findByOpenid('o-1'), binding);
      assert.equal(await r.bindings.findByUser(v.id), null);
      assert.equal(await r.bindings.findByOpenid('o-2'), null);

      const unsubscribed = await r.bindings.setSubscribed('o-1', false, NOW + 1);
      assert.deepEqual(unsubscribed, { ...binding, subscribed: false, subscribedChangedAt: NOW + 1 });
      assert.equal((await r.bindings.findByUser(u.id))?.subscribed, false);
      assert.equal(await r.bindings.setSubscribed('o-unknown', true, NOW), null);

      assert.deepEqual(await r.bindings.delete(u.id), unsubscribed);
      assert.equal(await r.bindings.delete(u.id), null);
      assert.equal(await r.bindings.insert({ ...binding, userId: v.id }), 'ok', 'the openid is free again');
    });

    it('scenes: the database refuses a status or purpose outside the lib/scene lists', async () => {
      for (const status of SCENE_STATUSES) await r.scenes.insert(scene(`ok-${status}`, { status }));
      for (const purpose of SCENE_PURPOSES) await r.scenes.insert(scene(`ok-${purpose}`, { purpose }));
      // Casts stand for a caller the type checker cannot see (an old build, a hand-written query).
      await assert.rejects(r.scenes.insert(scene('bad-status', { status: 'hacked' as Scene['status'] })));
      await assert.rejects(r.scenes.insert(scene('bad-purpose', { purpose: 'admin' as Scene['purpose'] })));
      assert.equal(await r.scenes.get('bad-status'), null);
      assert.equal(await r.scenes.get('bad-purpose'), null);
      await assert.rejects(
        r.scenes.transition('ok-pending', ['pending'], { status: 'hacked' as Scene['status'], updatedAt: NOW + 1 }),
      );
      assert.equal((await r.scenes.get('ok-pending'))?.status, 'pending', 'the refused transition changed nothing');
    });

    it('scenes: insert, get, findReusable, transition compare-and-set', async () => {
      const u = await newUser(r);
      await r.scenes.insert(scene('s-old', { userId: u.id, createdAt: NOW, expiresAt: NOW + HOUR }));
      await r.scenes.insert(
        scene('s-new', {
          userId: u.id,
          createdAt: NOW + 10,
          expiresAt: NOW + HOUR,
          detail: { locale: 'en', account: '北***@x.cn' },
        }),
      );
      await r.scenes.insert(scene('s-short', { userId: u.id, createdAt: NOW + 20, expiresAt: NOW + 60_000 }));
      await r.scenes.insert(scene('s-login', { userId: u.id, purpose: 'login', createdAt: NOW + 30 }));
      await r.scenes.insert(scene('s-done', { userId: u.id, status: 'login_ready', createdAt: NOW + 40 }));

      assert.deepEqual(
        await r.scenes.get('s-new'),
        scene('s-new', {
          userId: u.id,
          createdAt: NOW + 10,
          expiresAt: NOW + HOUR,
          detail: { locale: 'en', account: '北***@x.cn' },
        }),
      );
      assert.equal((await r.scenes.get('s-old'))?.detail, null);
      assert.equal(await r.scenes.get('missing'), null);

      assert.equal(
        (await r.scenes.findReusable(u.id, 'bind', NOW + 120_000))?.id,
        's-new',
        'newest pending that outlives validUntil',
      );
      assert.equal((await r.scenes.findReusable(u.id, 'bind', NOW))?.id, 's-short');
      assert.equal((await r.scenes.findReusable(u.id, 'login', NOW))?.id, 's-login');
      assert.equal(await r.scenes.findReusable(u.id, 'verify', NOW), null);
      assert.equal(await r.scenes.findReusable(u.id, 'bind', NOW + HOUR), null);

      const confirming = await r.scenes.transition('s-new', ['pending'], {
        status: 'confirming',
        openid: 'o-1',
        updatedAt: NOW + 100,
      });
      assert.equal(confirming?.status, 'confirming');
      assert.equal(confirming?.openid, 'o-1');
      assert.equal(confirming?.updatedAt, NOW + 100);
      assert.deepEqual(confirming?.detail, { locale: 'en', account: '北***@x.cn' }, 'fields not in the patch are kept');
      assert.equal(
        await r.scenes.transition('s-new', ['pending'], { status: 'confirming', updatedAt: NOW + 101 }),
        null,
        'not from a status outside the list',
      );
      assert.equal((await r.scenes.get('s-new'))?.updatedAt, NOW + 100);
      const confirmed = await r.scenes.transition('s-new', ['pending', 'confirming'], {
        status: 'login_ready',
        detail: { reason: 'used' },
        updatedAt: NOW + 200,
      });
      assert.deepEqual(confirmed?.detail, { reason: 'used' });
      assert.equal(await r.scenes.transition('missing', ['pending'], { status: 'expired', updatedAt: NOW }), null);
      assert.equal(
        (await r.scenes.findReusable(u.id, 'bind', NOW + 120_000))?.id,
        's-old',
        'a scanned scene is not reused',
      );
      await assert.rejects(r.scenes.insert(scene('s-old')), 'a duplicate scene id is refused');
    });

    it('codes: insert, findActive, addAttempt, markUsed once, retireForUser', async () => {
      const u = await newUser(r);
      const first = await r.codes.insert({
        userId: u.id,
        codeHash: 'c1',
        attempts: 0,
        createdAt: NOW,
        expiresAt: NOW + 600_000,
        usedAt: null,
      });
      assert.deepEqual(first, {
        id: first.id,
        userId: u.id,
        codeHash: 'c1',
        attempts: 0,
        createdAt: NOW,
        expiresAt: NOW + 600_000,
        usedAt: null,
      });
      const second = await r.codes.insert({
        userId: u.id,
        codeHash: 'c2',
        attempts: 0,
        createdAt: NOW + 1,
        expiresAt: NOW + 600_000,
        usedAt: null,
      });
      assert.ok(second.id > first.id);

      assert.equal((await r.codes.findActive(u.id, NOW))?.id, second.id, 'the newest');
      assert.equal(await r.codes.findActive(u.id, NOW + 600_000), null, 'not once expired');

      assert.equal(await r.codes.addAttempt(second.id), 1);
      assert.equal(await r.codes.addAttempt(second.id), 2);
      assert.equal((await r.codes.findActive(u.id, NOW))?.attempts, 2);
      assert.equal(await r.codes.addAttempt(999_999), Number.MAX_SAFE_INTEGER, 'an unknown code counts as exhausted');

      assert.equal(await r.codes.markUsed(second.id, NOW + 5), true);
      assert.equal(await r.codes.markUsed(second.id, NOW + 6), false);
      assert.equal((await r.codes.findActive(u.id, NOW))?.id, first.id);

      await r.codes.retireForUser(u.id, NOW + 7);
      assert.equal(await r.codes.findActive(u.id, NOW), null);
      assert.equal(await r.codes.markUsed(first.id, NOW + 8), false, 'a retired code is used');
    });

    it('linkNonces: a nonce is used once', async () => {
      const nonce = { nonce: 'n-1', openid: 'o-1', now: NOW, expiresAt: NOW + 600_000 };
      assert.equal(await r.linkNonces.isUsed('n-1'), false);
      assert.equal(await r.linkNonces.use(nonce), true);
      assert.equal(await r.linkNonces.isUsed('n-1'), true);
      assert.equal(await r.linkNonces.use(nonce), false);
      assert.equal(await r.linkNonces.use({ ...nonce, openid: 'o-2' }), false);
      assert.equal(await r.linkNonces.use({ ...nonce, nonce: 'n-2' }), true);
    });

    it('rateLimits: counts in a fixed window, then resets', async () => {
      assert.deepEqual(await r.rateLimits.hit('ip:1', 2, 60_000, NOW), { allowed: true, retryAfterMs: 60_000 });
      assert.deepEqual(await r.rateLimits.hit('ip:1', 2, 60_000, NOW + 1000), { allowed: true, retryAfterMs: 59_000 });
      assert.deepEqual(await r.rateLimits.hit('ip:1', 2, 60_000, NOW + 2000), { allowed: false, retryAfterMs: 58_000 });
      assert.deepEqual(
        await r.rateLimits.hit('ip:2', 2, 60_000, NOW + 2000),
        { allowed: true, retryAfterMs: 60_000 },
        'keys are separate',
      );
      assert.deepEqual(
        await r.rateLimits.hit('ip:1', 2, 60_000, NOW + 60_000),
        { allowed: true, retryAfterMs: 60_000 },
        'a new window at its end',
      );
      assert.deepEqual(await r.rateLimits.hit('ip:1', 2, 60_000, NOW + 60_001), {
        allowed: true,
        retryAfterMs: 59_999,
      });
      assert.deepEqual(await r.rateLimits.hit('ip:1', 2, 60_000, NOW + 60_002), {
        allowed: false,
        retryAfterMs: 59_998,
      });
      const burst = await Promise.all(Array.from({ length: 10 }, () => r.rateLimits.hit('ip:3', 4, 60_000, NOW)));
      assert.equal(burst.filter((b) => b.allowed).length, 4, 'concurrent hits are counted atomically');
    });

    it('audit: add and list with filters, oldest first', async () => {
      await r.audit.add({ at: NOW, action: 'bind', userId: 1, openid: 'o-1', detail: { via: 'scan', n: 1 } });
      await r.audit.add({ at: NOW + 1, action: 'unbind', userId: 1, openid: 'o-1', detail: null });
      await r.audit.add({ at: NOW + 2, action: 'bind', userId: 2, openid: 'o-2', detail: null });
      await r.audit.add({ at: NOW + 3, action: 'login', userId: null, openid: null, detail: { nested: { ok: true } } });

      const all = await r.audit.list({});
      assert.deepEqual(
        all.map(({ id: _id, ...e }) => e),
        [
          { at: NOW, action: 'bind', userId: 1, openid: 'o-1', detail: { via: 'scan', n: 1 } },
          { at: NOW + 1, action: 'unbind', userId: 1, openid: 'o-1', detail: null },
          { at: NOW + 2, action: 'bind', userId: 2, openid: 'o-2', detail: null },
          { at: NOW + 3, action: 'login', userId: null, openid: null, detail: { nested: { ok: true } } },
        ],
      );
      assert.ok(all.every((e, i) => i === 0 || e.id > all[i - 1].id));
      assert.deepEqual(
        (await r.audit.list({ userId: 1 })).map((e) => e.action),
        ['bind', 'unbind'],
      );
      assert.deepEqual(
        (await r.audit.list({ openid: 'o-2' })).map((e) => e.userId),
        [2],
      );
      assert.deepEqual(
        (await r.audit.list({ action: 'bind' })).map((e) => e.userId),
        [1, 2],
      );
      assert.deepEqual(
        (await r.audit.list({ action: 'bind', userId: 2 })).map((e) => e.openid),
        ['o-2'],
      );
      assert.deepEqual(await r.audit.list({ action: 'none' }), []);
    });

    it('replay: new, same, conflict', async () => {
      assert.equal(await r.replay.remember('t:n:s', 'body-1', 300), 'new');
      assert.equal(await r.replay.remember('t:n:s', 'body-1', 300), 'same');
      assert.equal(await r.replay.remember('t:n:s', 'body-2', 300), 'conflict');
      assert.equal(await r.replay.remember('t:n:s2', 'body-2', 300), 'new');
    });

    it('dedup: claimed, busy, done, steal after the lease, release', async () => {
      assert.deepEqual(await r.dedup.claim('m-1', 60_000, 300), { state: 'claimed' });
      assert.deepEqual(await r.dedup.claim('m-1', 60_000, 300), { state: 'busy' }, 'within the lease');
      await r.dedup.complete('m-1', '<xml>reply</xml>');
      assert.deepEqual(await r.dedup.claim('m-1', 60_000, 300), { state: 'done', reply: '<xml>reply</xml>' });
      assert.deepEqual(
        await r.dedup.claim('m-1', 0, 300),
        { state: 'done', reply: '<xml>reply</xml>' },
        'a finished one is never stolen',
      );
      await r.dedup.release('m-1');
      assert.deepEqual(
        await r.dedup.claim('m-1', 60_000, 300),
        { state: 'done', reply: '<xml>reply</xml>' },
        'release keeps a finished one',
      );

      assert.deepEqual(await r.dedup.claim('m-2', 60_000, 300), { state: 'claimed' });
      await sleep(15);
      const steals = await Promise.all([r.dedup.claim('m-2', 5, 300), r.dedup.claim('m-2', 5, 300)]);
      assert.deepEqual(
        steals.map((x) => x.state).sort(),
        ['busy', 'claimed'],
        'past the lease exactly one delivery takes the work over',
      );
      assert.deepEqual(await r.dedup.claim('m-2', 60_000, 300), { state: 'busy' }, 'the steal renewed the lease');
      await r.dedup.complete('m-2', '');
      assert.deepEqual(
        await r.dedup.claim('m-2', 60_000, 300),
        { state: 'done', reply: '' },
        'an empty reply is a reply',
      );

      assert.deepEqual(await r.dedup.claim('m-3', 60_000, 300), { state: 'claimed' });
      await r.dedup.release('m-3');
      assert.deepEqual(
        await r.dedup.claim('m-3', 60_000, 300),
        { state: 'claimed' },
        'a released claim can be taken again',
      );
    });

    it('accessToken: get, set (upsert), clearIf compare-and-delete, per app', async () => {
      const a = r.accessToken('app-a');
      const b = r.accessToken('app-b');
      assert.equal(await a.get(), null);
      await a.set({ token: 'tok-1', expiresAt: NOW + 7_200_000 });
      assert.deepEqual(await a.get(), { token: 'tok-1', expiresAt: NOW + 7_200_000 });
      await a.set({ token: 'tok-2', expiresAt: NOW + 7_300_000 });
      assert.deepEqual(await a.get(), { token: 'tok-2', expiresAt: NOW + 7_300_000 });
      assert.equal(await b.get(), null);
      await b.set({ token: 'tok-2', expiresAt: NOW });

      assert.equal(await a.clearIf('tok-1'), false, 'a stale token does not clear a fresh one');
      assert.deepEqual(await a.get(), { token: 'tok-2', expiresAt: NOW + 7_300_000 });
      assert.equal(await a.clearIf('tok-2'), true);
      assert.equal(await a.get(), null);
      assert.equal(await a.clearIf('tok-2'), false);
      assert.deepEqual(await b.get(), { token: 'tok-2', expiresAt: NOW }, 'another app is untouched');
    });

    it('one connection runs every repository: an event and an outgoing-webhook event in one transaction', async () => {
      // Each statement is prepared under its own name; PostgreSQL refuses a name reused for another query.
      const created = await r.transaction(async (tx) => {
        await tx.webhooks.addEndpoint({
          id: 'ep_1',
          url: 'https://host.example/hook',
          secret: 's',
          events: null,
          createdAt: NOW,
        });
        const queued = await tx.webhooks.enqueue({
          id: 'evt_1',
          type: 'binding.created',
          payload: '{}',
          createdAt: NOW,
        });
        const event = await tx.events.create(
          {
            title: 'Meetup',
            description: '',
            place: 'Shanghai',
            startsAt: NOW + HOUR,
            endsAt: NOW + 2 * HOUR,
            capacity: 3,
            signupDeadline: NOW + HOUR,
            walkInsAllowed: false,
          },
          NOW,
        );
        return { queued, event };
      });
      assert.equal(created.queued, 1);
      assert.equal((await r.events.get(created.event.id))?.title, 'Meetup');
      assert.equal((await r.webhooks.listDeliveries({ eventId: 'evt_1', limit: 10 })).length, 1);
    });

    it('transaction: commits, rolls back on error, refuses nesting', async () => {
      const result = await r.transaction(async (tx) => {
        const u = await newUser(tx, 'tx@example.com');
        await tx.scenes.insert(scene('tx-1', { userId: u.id }));
        return u.id;
      });
      assert.equal((await r.users.findByEmail('tx@example.com'))?.id, result);
      assert.ok(await r.scenes.get('tx-1'));

      const boom = new Error('boom');
      await assert.rejects(
        r.transaction(async (tx) => {
          const u = await newUser(tx, 'rollback@example.com');
          await tx.bindings.insert({
            userId: u.id,
            openid: 'o-rb',
            boundAt: NOW,
            subscribed: true,
            subscribedChangedAt: null,
          });
          await tx.scenes.transition('tx-1', ['pending'], { status: 'login_ready', updatedAt: NOW + 1 });
          await tx.audit.add({ at: NOW, action: 'bind', userId: u.id, openid: 'o-rb', detail: null });
          throw boom;
        }),
        (err) => err === boom,
      );
      assert.equal(await r.users.findByEmail('rollback@example.com'), null);
      assert.equal(await r.bindings.findByOpenid('o-rb'), null);
      assert.equal((await r.scenes.get('tx-1'))?.status, 'pending');
      assert.deepEqual(await r.audit.list({}), []);

      await assert.rejects(
        r.transaction(async (tx) => tx.transaction(async () => 1)),
        /nested transactions are not supported/,
      );

      // A unique conflict reported as a value does not spoil the rest of the transaction.
      await r.transaction(async (tx) => {
        const u = await newUser(tx, 'conflict@example.com');
        assert.equal(await tx.users.create({ email: 'tx@example.com', passwordHash: 'h', now: NOW }), null);
        assert.equal(
          await tx.bindings.insert({
            userId: u.id,
            openid: 'o-c',
            boundAt: NOW,
            subscribed: true,
            subscribedChangedAt: null,
          }),
          'ok',
        );
        assert.equal(
          await tx.bindings.insert({
            userId: result,
            openid: 'o-c',
            boundAt: NOW,
            subscribed: true,
            subscribedChangedAt: null,
          }),
          'openid_taken',
        );
        assert.equal(await tx.linkNonces.use({ nonce: 'n', openid: 'o-c', now: NOW, expiresAt: NOW + 1 }), true);
        assert.equal(await tx.linkNonces.use({ nonce: 'n', openid: 'o-c', now: NOW, expiresAt: NOW + 1 }), false);
      });
      assert.ok(await r.bindings.findByOpenid('o-c'));
    });

    // What the webhook does for one bind event: replay and dedup records, one transaction, the stored reply.
    async function bindEvent(repos: Repos, i: number, userId: number) {
      assert.equal(await repos.replay.remember(`t:n${i}:s`, `body-${i}`, 300), 'new');
      assert.deepEqual(await repos.dedup.claim(`e-${i}`, 5000, 300), { state: 'claimed' });
      const bound = await repos.transaction(async (tx) => {
        const current = await tx.scenes.get(`ev-${i}`);
        assert.equal(current?.status, 'pending');
        assert.ok(await tx.users.findById(userId));
        const result = await tx.bindings.insert({
          userId,
          openid: `o-ev-${i}`,
          boundAt: NOW,
          subscribed: true,
          subscribedChangedAt: null,
        });
        await tx.audit.add({ at: NOW, action: 'bind', userId, openid: `o-ev-${i}`, detail: { via: 'scan' } });
        await tx.scenes.transition(`ev-${i}`, ['pending'], { status: 'bound', openid: `o-ev-${i}`, updatedAt: NOW });
        return result;
      });
      await repos.dedup.complete(`e-${i}`, '<xml/>');
      return bound;
    }

    it('group commit: concurrent events share commits, and every event is bound and durable', async () => {
      const events = 64;
      const users = [];
      for (let i = 0; i < events; i++) {
        const user = await newUser(r);
        users.push(user.id);
        await r.scenes.insert(scene(`ev-${i}`, { userId: user.id }));
      }
      const before = db.stats();
      // Each event starts in a callback of its own, as requests read off their sockets do.
      const results = await Promise.all(
        users.map(
          (userId, i) =>
            new Promise<string>((resolve, reject) => setImmediate(() => bindEvent(r, i, userId).then(resolve, reject))),
        ),
      );
      const after = db.stats();
      assert.deepEqual(new Set(results), new Set(['ok']));
      for (let i = 0; i < events; i++) assert.equal((await r.bindings.findByOpenid(`o-ev-${i}`))?.userId, users[i]);
      const commitsPerEvent = (after.commits - before.commits) / events;
      const statementsPerEvent = (after.statements - before.statements) / events;
      if (db.dialect === 'sqlite') {
        // Each event is four queue jobs; a queue that drains at once commits each alone: 4 per event.
        // Grouped, the 64 events arriving together share a handful of commits.
        assert.ok(commitsPerEvent <= 0.25, `${commitsPerEvent} commits per event`);
        assert.equal(after.roundTrips, 0);
      } else {
        // PostgreSQL: two autocommit writes and one transaction per event, each statement one round trip;
        // the stored replies (dedup.complete) of a loop turn share one statement and commit (lib/db/pg-batch.ts).
        assert.ok(commitsPerEvent > 3 && commitsPerEvent <= 4, `${commitsPerEvent} commits per event`);
        assert.equal((after.roundTrips - before.roundTrips) / events, statementsPerEvent);
      }
      assert.ok(statementsPerEvent >= 8, `${statementsPerEvent} statements per event are counted`);
    });

    it("a transaction's repositories are built once per connection, not per transaction", async () => {
      const seen: Repos[] = [];
      for (let i = 0; i < 3; i++) await r.transaction(async (tx) => void seen.push(tx));
      // SQLite has one connection; one after another, PostgreSQL's pool hands back the client just released.
      assert.equal(seen[1], seen[0]);
      assert.equal(seen[2], seen[0]);
      await assert.rejects(
        r.transaction(async (tx) => tx.transaction(async () => null)),
        /nested transactions are not supported/,
      );
    });

    it('PostgreSQL: the operations statements are named (parsed and planned once per connection)', async (t) => {
      if (!db.pgPool) return t.skip('PostgreSQL only');
      await db.ops.setState('probe', { a: 1 }, NOW);
      assert.deepEqual((await db.ops.getState('probe'))?.value, { a: 1 });
      // One after another, the pool hands back the connection just released: the one that prepared them.
      const { rows } = await db.pgPool.query<{ name: string }>(
        "select name from pg_prepared_statements where name like 'webind_ops_%'",
      );
      assert.ok(rows.length >= 1, 'named ops statements on the connection');
    });

    it('transaction: two racing on one scene, exactly one wins the transition from pending', async () => {
      await r.scenes.insert(scene('race'));
      const attempt = (openid: string) =>
        r.transaction(async (tx) => {
          const current = await tx.scenes.get('race');
          if (current?.status !== 'pending') return null;
          await sleep(30); // both are now inside; the second must wait for the first
          return tx.scenes.transition('race', ['pending'], { status: 'confirming', openid, updatedAt: NOW + 1 });
        });
      const results = await Promise.all([attempt('o-a'), attempt('o-b')]);
      const winners = results.filter((x) => x !== null);
      assert.equal(winners.length, 1);
      assert.equal((await r.scenes.get('race'))?.openid, winners[0]?.openid);
    });

    it('transaction: reading a scene inside one locks it until commit (no lost update)', async () => {
      await r.scenes.insert(scene('counter', { detail: { account: '0' } }));
      const increment = () =>
        r.transaction(async (tx) => {
          const current = await tx.scenes.get('counter');
          await sleep(30);
          const n = Number(current?.detail?.account) + 1;
          return tx.scenes.transition('counter', [current!.status], {
            detail: { account: String(n) },
            updatedAt: NOW + n,
          });
        });
      await Promise.all([increment(), increment(), increment()]);
      assert.deepEqual((await r.scenes.get('counter'))?.detail, { account: '3' });
    });

    it('cleanup: removes expired rows and keeps live ones', async () => {
      const now = Date.now();
      const u = await newUser(r);
      await r.scenes.insert(scene('old', { createdAt: now - 3 * 24 * HOUR, expiresAt: now - 25 * HOUR }));
      await r.scenes.insert(scene('recent', { createdAt: now - 2 * HOUR, expiresAt: now - HOUR }));
      await r.sessions.create({
        tokenHash: 'dead',
        userId: u.id,
        createdAt: now - 2 * HOUR,
        expiresAt: now - 1,
        userAgent: null,
        ip: null,
      });
      await r.sessions.create({
        tokenHash: 'live',
        userId: u.id,
        createdAt: now,
        expiresAt: now + HOUR,
        userAgent: null,
        ip: null,
      });
      await r.linkNonces.use({ nonce: 'dead', openid: 'o', now: now - HOUR, expiresAt: now - 1 });
      await r.linkNonces.use({ nonce: 'live', openid: 'o', now, expiresAt: now + HOUR });
      await r.dedup.claim('dead', 60_000, -1);
      await r.dedup.claim('live', 60_000, 300);
      await r.replay.remember('dead', 'b', -1);
      await r.replay.remember('live', 'b', 300);
      await r.rateLimits.hit('dead', 1, 1000, now - 5000);
      await r.rateLimits.hit('live', 1, 60_000, now);
      const oldCode = await r.codes.insert({
        userId: u.id,
        codeHash: 'x',
        attempts: 0,
        createdAt: now - 3 * 24 * HOUR,
        expiresAt: now - 25 * HOUR,
        usedAt: null,
      });
      const recentCode = await r.codes.insert({
        userId: u.id,
        codeHash: 'y',
        attempts: 0,
        createdAt: now,
        expiresAt: now - HOUR,
        usedAt: null,
      });

      assert.equal(await db.cleanup(now), 7);

      assert.equal(await r.scenes.get('old'), null);
      assert.ok(await r.scenes.get('recent'), 'scenes linger a day after expiry');
      assert.equal(await r.sessions.find('dead'), null);
      assert.ok(await r.sessions.find('live'));
      assert.equal(await r.linkNonces.use({ nonce: 'dead', openid: 'o', now, expiresAt: now + HOUR }), true);
      assert.equal(await r.linkNonces.use({ nonce: 'live', openid: 'o', now, expiresAt: now + HOUR }), false);
      assert.deepEqual(await r.dedup.claim('dead', 60_000, 300), { state: 'claimed' });
      assert.deepEqual(await r.dedup.claim('live', 60_000, 300), { state: 'busy' });
      assert.equal(await r.replay.remember('dead', 'other', 300), 'new');
      assert.equal(await r.replay.remember('live', 'other', 300), 'conflict');
      assert.equal((await r.rateLimits.hit('live', 1, 60_000, now)).allowed, false);
      assert.equal(await r.codes.addAttempt(oldCode.id), Number.MAX_SAFE_INTEGER);
      assert.equal(await r.codes.addAttempt(recentCode.id), 1);
      assert.equal(await db.cleanup(now), 0);
    });

    it('ping, and the dialect is named', async () => {
      await db.ping();
      assert.equal(db.dialect, name.startsWith('postgres') ? 'postgres' : 'sqlite');
    });

    it('migration is idempotent: opening twice keeps the data', async () => {
      const store = await h.store();
      try {
        const one = await openDatabase(store.url, { now: Date.now });
        await newUser(one.repos, 'kept@example.com');
        await one.close();
        const two = await openDatabase(store.url, { now: Date.now });
        assert.ok(await two.repos.users.findByEmail('kept@example.com'));
        await two.close();
      } finally {
        await store.drop();
      }
    });

    it('two instances opening a fresh database at once both succeed', async () => {
      const store = await h.store();
      try {
        const [one, two] = await Promise.all([
          openDatabase(store.url, { now: Date.now }),
          openDatabase(store.url, { now: Date.now }),
        ]);
        try {
          await newUser(one.repos, 'first@example.com');
          assert.ok(await two.repos.users.findByEmail('first@example.com'));
          assert.equal(await two.repos.users.create({ email: 'first@example.com', passwordHash: 'h', now: NOW }), null);
        } finally {
          await one.close();
          await two.close();
        }
      } finally {
        await store.drop();
      }
    });
  });
}

contract('sqlite (:memory:)', async () => sqliteHarness());

describe('postgres', async () => {
  const unreachable = await postgresReachable();
  if (unreachable) {
    console.warn(
      `\n!!! PostgreSQL at ${new URL(PG_URL).host} is unreachable (${unreachable}): SKIPPING the PostgreSQL half of test/integration/repos.test.ts !!!\n`,
    );
    it('PostgreSQL contract', { skip: `PostgreSQL unreachable: ${unreachable}` }, () => undefined);
    return;
  }
  contract(`postgres (${new URL(PG_URL).host})`, postgresHarness);
});

describe('postgres: an unreachable server', () => {
  it('fails with one line naming host:port and never the password', async () => {
    await assert.rejects(
      openDatabase('postgres://webind:s3cr%40t-pw@127.0.0.1:1/app', { now: Date.now }),
      (err: Error) => {
        assert.match(err.message, /^DATABASE_URL: cannot reach PostgreSQL at 127\.0\.0\.1:1 \(.+\)$/);
        assert.ok(!err.message.includes('s3cr'), err.message);
        return true;
      },
    );
  });
});
