import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { hashToken, SESSION_COOKIE } from '../../lib/auth/sessions';
import { loadConfig } from '../../lib/config';
import { openDatabase, type Database } from '../../lib/db';
import { TestClient } from '../helpers/client';
import { startInstance, wechatOf, type Instance } from '../helpers/instances';
import { createPgDatabase, postgresReachable } from '../helpers/postgres';
import { TEST_APP_SECRET } from '../helpers/server';
import { pushToWebhook, scanEvent } from '../helpers/wechat';

// WeChat's side only needs the account's token: the simulator's defaults.
const wechatSide = loadConfig({ NODE_ENV: 'test', APP_SECRET: TEST_APP_SECRET, WECHAT_SIMULATOR: 'on' });

describe('an answered push is never lost (issue 13, item 5)', async () => {
  const down = await postgresReachable();
  if (down) console.warn(`\n!!! webhook deadline test SKIPPED: PostgreSQL unreachable (${down}) !!!\n`);

  describe('on PostgreSQL: lock held past the deadline, instance killed', { skip: down ?? false }, () => {
    let db: { url: string; drop(): Promise<void> };
    let a: Instance;
    let b: Instance;
    let shared: Database;
    before(async () => {
      db = await createPgDatabase();
      a = await startInstance('A', { DATABASE_URL: db.url, WECHAT_SIMULATOR: 'on' });
      b = await startInstance('B', { DATABASE_URL: db.url, ...wechatOf(a.url), PUBLIC_URL: a.url });
      shared = await openDatabase(db.url, { now: Date.now });
    });
    after(async () => {
      await shared?.close();
      await Promise.all([a?.stop(), b?.stop()]);
      await db?.drop();
    });

    it('gives no 2xx at the deadline, and the retry on another instance finds and finishes the bind', async () => {
      const user = (await shared.repos.users.create({
        email: `deadline-${Date.now()}@example.com`,
        passwordHash: 'unused',
        now: Date.now(),
      }))!;
      const token = randomBytes(32).toString('base64url');
      await shared.repos.sessions.create({
        tokenHash: hashToken(token),
        userId: user.id,
        createdAt: Date.now(),
        expiresAt: Date.now() + 3600_000,
        userAgent: null,
        ip: null,
      });
      const browser = new TestClient(b.url);
      browser.cookies.set(SESSION_COOKIE, token);
      const scene = (await browser.post('/api/scan', { purpose: 'bind' })).body as { sceneId: string };
      assert.ok(scene.sceneId, JSON.stringify(scene));

      // Someone holds the scene's row lock (a long transaction, a stuck instance): A's bind waits on it.
      const locker = new pg.Client({ connectionString: db.url });
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query('SELECT id FROM scenes WHERE id = $1 FOR UPDATE', [scene.sceneId]);

      const event = scanEvent(`o_deadline_${Date.now().toString(36)}`, scene.sceneId);
      const started = Date.now();
      const first = await pushToWebhook(a.url, wechatSide, event);
      const took = Date.now() - started;
      assert.ok(
        first.status < 200 || first.status >= 300,
        `no 2xx for uncommitted work (got ${first.status} ${first.body})`,
      );
      assert.ok(took < 5000, `answered inside WeChat's 5 s (${took} ms)`);

      // A dies with its transaction open; the lock goes with the locker's rollback.
      await a.stop('SIGKILL');
      await locker.query('ROLLBACK');
      await locker.end();
      assert.equal(await shared.repos.bindings.findByUser(user.id), null, 'nothing was committed by A');

      // WeChat delivers the same event again (fresh timestamp and nonce), here to B.
      const retry = await pushToWebhook(b.url, wechatSide, event);
      assert.equal(retry.status, 200);
      assert.match(retry.reply ?? '', /^已绑定到账号/);
      const binding = await shared.repos.bindings.findByUser(user.id);
      assert.equal(binding?.openid, event.FromUserName);
      assert.notEqual((await browser.get('/api/me')).body.wechat, null);
    });
  });
});
