import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { hashToken, SESSION_COOKIE } from '../../lib/auth/sessions';
import { loadConfig } from '../../lib/config';
import { openDatabase, type Database } from '../../lib/db';
import { TestClient } from '../helpers/client';
import { clusterSkip, startCluster, startInstance } from '../helpers/instances';
import { createPgDatabase } from '../helpers/postgres';
import { TEST_APP_SECRET } from '../helpers/server';
import { ScanWatcher, sleep } from '../helpers/socket';
import { pushToWebhook, scanEvent } from '../helpers/wechat';

// The signing side of WeChat only needs the account's token (and AES key): the simulator's defaults.
const wechatSide = loadConfig({ NODE_ENV: 'test', APP_SECRET: TEST_APP_SECRET, WECHAT_SIMULATOR: 'on' });
const openid = () => `o${Math.random().toString(36).slice(2, 12)}${Date.now().toString(36)}`;

describe('several instances', async () => {
  const skip = await clusterSkip();
  if (skip) console.warn(`\n!!! several-instance tests SKIPPED: ${skip} !!!\n`);
  describe('on PostgreSQL + Redis', { skip }, () => {
    let cluster: Awaited<ReturnType<typeof startCluster>>;
    let shared: Database | undefined;
    const watchers: ScanWatcher[] = [];
    before(async () => {
      cluster = await startCluster();
    });
    after(async () => {
      for (const w of watchers) w.close();
      await shared?.close();
      await cluster?.stop();
    });

    let n = 0;
    // Accounts go straight into the shared database: registration over HTTP is rate-limited per IP.
    async function waitingBrowser(on: string) {
      shared ??= await openDatabase(cluster.databaseUrl, { now: Date.now });
      const db = shared;
      const email = `multi${++n}-${Date.now()}@example.com`;
      const user = (await db.repos.users.create({ email, passwordHash: 'unused', now: Date.now() }))!;
      const token = randomBytes(32).toString('base64url');
      await db.repos.sessions.create({
        tokenHash: hashToken(token),
        userId: user.id,
        createdAt: Date.now(),
        expiresAt: Date.now() + 3600_000,
        userAgent: null,
        ip: null,
      });
      const c = new TestClient(on);
      c.cookies.set(SESSION_COOKIE, token);
      const scene = (await c.post('/api/scan', { purpose: 'bind' })).body;
      assert.ok(scene.sceneId, JSON.stringify(scene));
      const w = new ScanWatcher(on);
      watchers.push(w);
      assert.deepEqual(await w.watch(scene.watchToken), { ok: true });
      return { c, scene, w, email };
    }

    it('pushes to a browser on A when WeChat delivers the scan to B', async () => {
      const { c, scene, w } = await waitingBrowser(cluster.a.url);
      const res = await pushToWebhook(cluster.b.url, wechatSide, scanEvent(openid(), scene.sceneId));
      assert.equal(res.status, 200);
      assert.match(res.reply ?? '', /^已绑定到账号/);
      await w.waitForStatus(scene.sceneId, 'bound');
      assert.notEqual((await c.get('/api/me')).body.wechat, null);
      // And the other way round: a session made on A is good on B (one database).
      const onB = new TestClient(cluster.b.url);
      onB.cookies.set('webind_session', c.cookies.get('webind_session')!);
      assert.notEqual((await onB.get('/api/me')).body.wechat, null);
    });

    it('binds once when the same event reaches A and B at the same moment', async () => {
      const { c, scene, w } = await waitingBrowser(cluster.a.url);
      const event = scanEvent(openid(), scene.sceneId);
      const [ra, rb] = await Promise.all([
        pushToWebhook(cluster.a.url, wechatSide, event),
        pushToWebhook(cluster.b.url, wechatSide, event),
      ]);
      assert.equal(ra.status, 200);
      assert.equal(rb.status, 200);
      assert.deepEqual([ra.reply, rb.reply].filter(Boolean).length >= 1, true);
      await w.waitForStatus(scene.sceneId, 'bound');
      await sleep(300);
      assert.equal(w.updates.filter((u) => u.status === 'bound').length, 1, 'one push');
      const me = (await c.get('/api/me')).body;
      assert.notEqual(me.wechat, null);
    });

    // B marks a push handled only once its scene push has reached Redis (publishBarrier): killed before
    // that, WeChat's retry on A finds the scene moved by the same openid and pushes it again.
    it('carries on when B is killed mid-run: nothing acknowledged is lost', async () => {
      const browsers = await Promise.all(Array.from({ length: 30 }, () => waitingBrowser(cluster.a.url)));
      const acked: number[] = [];
      const sends = browsers.map(async (b, i) => {
        await sleep(i * 10);
        const target = i % 2 ? cluster.b.url : cluster.a.url;
        const event = scanEvent(openid(), b.scene.sceneId);
        try {
          const res = await pushToWebhook(target, wechatSide, event);
          if (res.status === 200) return acked.push(i);
        } catch {
          /* B is gone: WeChat retries, here on A */
        }
        const retry = await pushToWebhook(cluster.a.url, wechatSide, event);
        if (retry.status === 200) acked.push(i);
      });
      await sleep(120);
      await cluster.b.stop('SIGKILL');
      await Promise.all(sends);
      assert.equal(acked.length, browsers.length, 'every scan was acknowledged by one instance or the other');
      for (const i of acked) {
        await browsers[i].w.waitForStatus(browsers[i].scene.sceneId, 'bound');
        assert.notEqual((await browsers[i].c.get('/api/me')).body.wechat, null, `browser ${i} is bound`);
      }
    });
  });

  describe('on PostgreSQL alone (LISTEN/NOTIFY adapter)', { skip }, () => {
    let cluster: Awaited<ReturnType<typeof startCluster>>;
    const watchers: ScanWatcher[] = [];
    before(async () => {
      cluster = await startCluster({ redis: false });
    });
    after(async () => {
      for (const w of watchers) w.close();
      await cluster?.stop();
    });

    it('pushes to a browser on A when the scan reaches B', async () => {
      const c = new TestClient(cluster.a.url);
      assert.equal(
        (await c.post('/api/auth/register', { email: `pgonly-${Date.now()}@example.com`, password: 'long password' }))
          .status,
        201,
      );
      const scene = (await c.post('/api/scan', { purpose: 'bind' })).body;
      const w = new ScanWatcher(cluster.a.url);
      watchers.push(w);
      assert.deepEqual(await w.watch(scene.watchToken), { ok: true });
      const res = await pushToWebhook(cluster.b.url, wechatSide, scanEvent(openid(), scene.sceneId));
      assert.match(res.reply ?? '', /^已绑定到账号/);
      await w.waitForStatus(scene.sceneId, 'bound');
    });
  });

  describe('start-up', { skip }, () => {
    it('stops with one clear line when REDIS_URL names a server that does not answer', async () => {
      const db = await createPgDatabase();
      try {
        const started = startInstance('bad-redis', {
          DATABASE_URL: db.url,
          REDIS_URL: 'redis://127.0.0.1:1',
          WECHAT_SIMULATOR: 'on',
        });
        await assert.rejects(started, /startup failed: REDIS_URL: cannot reach Redis at 127\.0\.0\.1:1/);
      } finally {
        await db.drop();
      }
    });
  });
});
