import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as s from './schema';
import type { Database, Repos, Scene } from './types';

type Db = BetterSQLite3Database<typeof s>;

/**
 * better-sqlite3 runs every statement synchronously on one connection. Transactions are async in the
 * Repos interface (so the same domain code runs on PostgreSQL), so all access is serialised through
 * this queue: nothing can interleave with an open transaction.
 *
 * It also commits in groups. A commit costs far more than a statement (it writes the WAL), so the jobs
 * waiting at one moment run inside one transaction and share its commit; a `transaction()` job is a
 * SAVEPOINT inside it. No job's promise settles before the commit that makes its writes durable, so
 * nothing is acknowledged before it is on disk; alone, a job gets its own commit with no added delay.
 */
class GroupCommitQueue {
  private pending: Array<{ job: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }> = [];
  private draining: Promise<void> | null = null;
  private running = false;
  private readonly begin: BetterSqlite3.Statement;
  private readonly commit: BetterSqlite3.Statement;
  private readonly rollback: BetterSqlite3.Statement;

  constructor(
    private readonly conn: BetterSqlite3.Database,
    private readonly maxBatch = 256,
  ) {
    [this.begin, this.commit, this.rollback] = ['BEGIN IMMEDIATE', 'COMMIT', 'ROLLBACK'].map((statement) =>
      conn.prepare(statement),
    );
  }

  run<T>(job: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ job, resolve: resolve as (v: unknown) => void, reject });
      if (!this.running) {
        this.running = true;
        this.draining = this.drain();
      }
    });
  }

  /** Settles once every queued job has run and committed. */
  async idle(): Promise<void> {
    while (this.running) await this.draining;
  }

  private async drain(): Promise<void> {
    // `running` is cleared in the same tick as the last emptiness check, so a job queued by a caller
    // that was just resolved always finds either this loop or a new one.
    for (;;) {
      if (this.pending.length === 0) {
        this.running = false;
        return;
      }
      const batch = this.pending.splice(0, this.maxBatch);
      const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
      try {
        this.begin.run();
      } catch (error) {
        for (const { reject } of batch) reject(error);
        continue;
      }
      for (const { job } of batch) {
        try {
          outcomes.push({ ok: true, value: await job() });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
      try {
        this.commit.run();
      } catch (error) {
        if (this.conn.inTransaction) this.rollback.run();
        for (const { reject } of batch) reject(error);
        continue;
      }
      batch.forEach(({ resolve, reject }, i) => {
        const outcome = outcomes[i];
        if (outcome.ok) resolve(outcome.value);
        else reject(outcome.error);
      });
    }
  }
}

export function openSqlite(file: string, migrationsFolder = path.resolve('drizzle/sqlite')): Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const conn = new BetterSqlite3(file);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('busy_timeout = 5000');
  conn.pragma('cache_size = -65536'); // 64 MiB of page cache
  conn.pragma('mmap_size = 268435456');
  conn.pragma('temp_store = MEMORY');
  const db = drizzle(conn, { schema: s });

  // A table-rebuild migration would cascade-delete rows with foreign keys on: check them after instead.
  conn.pragma('foreign_keys = OFF');
  migrate(db, { migrationsFolder });
  const broken = conn.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`database: ${broken.length} rows violate foreign keys after migration`);
  conn.pragma('foreign_keys = ON');

  const queue = new GroupCommitQueue(conn);
  const [savepoint, release, rollbackTo] = ['SAVEPOINT tx', 'RELEASE tx', 'ROLLBACK TO tx'].map((statement) =>
    conn.prepare(statement),
  );
  const statements = hotStatements(db);
  const direct = sqliteRepos(db, statements, (fn) => Promise.resolve().then(fn), null);
  const repos = sqliteRepos(
    db,
    statements,
    (fn) => queue.run(fn),
    (fn) =>
      queue.run(async () => {
        savepoint.run();
        try {
          const result = await fn(direct);
          release.run();
          return result;
        } catch (err) {
          rollbackTo.run();
          release.run();
          throw err;
        }
      }),
  );

  return {
    dialect: 'sqlite',
    repos,
    cleanup: (now) =>
      queue.run(() => {
        let removed = 0;
        removed += db
          .delete(s.scenes)
          .where(lt(s.scenes.expiresAt, now - 24 * 3600_000))
          .run().changes;
        removed += db.delete(s.sessions).where(lt(s.sessions.expiresAt, now)).run().changes;
        removed += db.delete(s.linkNonces).where(lt(s.linkNonces.expiresAt, now)).run().changes;
        removed += db.delete(s.webhookDedup).where(lt(s.webhookDedup.expiresAt, now)).run().changes;
        removed += db.delete(s.webhookReplay).where(lt(s.webhookReplay.expiresAt, now)).run().changes;
        removed += db.delete(s.rateLimits).where(lt(s.rateLimits.windowEndsAt, now)).run().changes;
        removed += db
          .delete(s.verificationCodes)
          .where(lt(s.verificationCodes.expiresAt, now - 24 * 3600_000))
          .run().changes;
        return removed;
      }),
    ping: () => queue.run(() => void conn.prepare('select 1').get()),
    close: async () => {
      await queue.idle();
      conn.close();
    },
  };
}

type Exec = <T>(fn: () => T) => Promise<T>;
type Tx = (<T>(fn: (tx: Repos) => Promise<T>) => Promise<T>) | null;

function isUniqueViolation(err: unknown): boolean {
  const code = (e: unknown) => (e as { code?: string } | null)?.code ?? '';
  const c = code(err) || code((err as { cause?: unknown })?.cause);
  return c === 'SQLITE_CONSTRAINT_UNIQUE' || c === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

function toScene(row: typeof s.scenes.$inferSelect | undefined): Scene | null {
  return row ? { ...row, detail: row.detail ?? null } : null;
}

/**
 * The webhook's and the session check's statements, built and prepared once per connection: drizzle's
 * query builder plus SQLite's prepare cost ~100 µs per call, a prepared statement ~8 µs.
 */
function hotStatements(db: Db) {
  const p = <N extends string>(name: N) => sql.placeholder(name);
  return {
    userById: db
      .select()
      .from(s.users)
      .where(eq(s.users.id, p('id')))
      .prepare(),
    sessionByHash: db
      .select()
      .from(s.sessions)
      .where(eq(s.sessions.tokenHash, p('tokenHash')))
      .prepare(),
    bindingByUser: db
      .select()
      .from(s.wechatBindings)
      .where(eq(s.wechatBindings.userId, p('userId')))
      .prepare(),
    bindingByOpenid: db
      .select()
      .from(s.wechatBindings)
      .where(eq(s.wechatBindings.openid, p('openid')))
      .prepare(),
    insertBinding: db
      .insert(s.wechatBindings)
      .values({
        userId: p('userId'),
        openid: p('openid'),
        boundAt: p('boundAt'),
        subscribed: p('subscribed'),
        subscribedChangedAt: p('subscribedChangedAt'),
      })
      .prepare(),
    sceneById: db
      .select()
      .from(s.scenes)
      .where(eq(s.scenes.id, p('id')))
      .prepare(),
    insertAudit: db
      .insert(s.auditLog)
      .values({ at: p('at'), action: p('action'), userId: p('userId'), openid: p('openid'), detail: p('detail') })
      .prepare(),
    insertReplay: db
      .insert(s.webhookReplay)
      .values({ key: p('key'), bodyHash: p('bodyHash'), expiresAt: p('expiresAt') })
      .onConflictDoNothing()
      .prepare(),
    replayByKey: db
      .select()
      .from(s.webhookReplay)
      .where(eq(s.webhookReplay.key, p('key')))
      .prepare(),
    insertDedup: db
      .insert(s.webhookDedup)
      .values({ key: p('key'), reply: null, claimedAt: p('claimedAt'), expiresAt: p('expiresAt') })
      .onConflictDoNothing()
      .prepare(),
    // One statement for every transition: each column changes only when its flag is set.
    transitionScene: db
      .update(s.scenes)
      .set({
        status: sql`case when ${p('setStatus')} then ${p('status')} else ${s.scenes.status} end`,
        openid: sql`case when ${p('setOpenid')} then ${p('openid')} else ${s.scenes.openid} end`,
        userId: sql`case when ${p('setUserId')} then ${p('userId')} else ${s.scenes.userId} end`,
        detail: sql`case when ${p('setDetail')} then ${p('detail')} else ${s.scenes.detail} end`,
        updatedAt: sql`${p('updatedAt')}`,
      })
      .where(and(eq(s.scenes.id, p('id')), sql`${s.scenes.status} in (select value from json_each(${p('from')}))`))
      .returning()
      .prepare(),
    completeDedup: db
      .update(s.webhookDedup)
      .set({ reply: sql`${p('reply')}` })
      .where(eq(s.webhookDedup.key, p('key')))
      .prepare(),
  };
}

function sqliteRepos(db: Db, q: ReturnType<typeof hotStatements>, exec: Exec, tx: Tx): Repos {
  const publicUser = ({ passwordHash: _omit, ...user }: typeof s.users.$inferSelect) => user;

  return {
    users: {
      create: ({ email, passwordHash, now }) =>
        exec(() => {
          const row = db
            .insert(s.users)
            .values({ email, passwordHash, createdAt: now, passwordChangedAt: now })
            .onConflictDoNothing()
            .returning()
            .get();
          return row ? publicUser(row) : null;
        }),
      findByEmail: (email) => exec(() => db.select().from(s.users).where(eq(s.users.email, email)).get() ?? null),
      findById: (id) =>
        exec(() => {
          const row = q.userById.get({ id });
          return row ? publicUser(row) : null;
        }),
      setPassword: (id, passwordHash, now) =>
        exec(
          () => void db.update(s.users).set({ passwordHash, passwordChangedAt: now }).where(eq(s.users.id, id)).run(),
        ),
    },

    sessions: {
      create: (session) => exec(() => void db.insert(s.sessions).values(session).run()),
      find: (tokenHash) => exec(() => q.sessionByHash.get({ tokenHash }) ?? null),
      delete: (tokenHash) => exec(() => void db.delete(s.sessions).where(eq(s.sessions.tokenHash, tokenHash)).run()),
      deleteForUser: (userId, except) =>
        exec(
          () =>
            db
              .delete(s.sessions)
              .where(and(eq(s.sessions.userId, userId), except ? sql`${s.sessions.tokenHash} <> ${except}` : undefined))
              .run().changes,
        ),
    },

    bindings: {
      findByUser: (userId) => exec(() => q.bindingByUser.get({ userId }) ?? null),
      findByOpenid: (openid) => exec(() => q.bindingByOpenid.get({ openid }) ?? null),
      insert: (binding) =>
        exec(() => {
          try {
            q.insertBinding.run({ ...binding });
            return 'ok' as const;
          } catch (err) {
            if (!isUniqueViolation(err)) throw err;
            const byOpenid = db
              .select()
              .from(s.wechatBindings)
              .where(eq(s.wechatBindings.openid, binding.openid))
              .get();
            return byOpenid ? ('openid_taken' as const) : ('user_taken' as const);
          }
        }),
      delete: (userId) =>
        exec(() => db.delete(s.wechatBindings).where(eq(s.wechatBindings.userId, userId)).returning().get() ?? null),
      setSubscribed: (openid, subscribed, now) =>
        exec(
          () =>
            db
              .update(s.wechatBindings)
              .set({ subscribed, subscribedChangedAt: now })
              .where(eq(s.wechatBindings.openid, openid))
              .returning()
              .get() ?? null,
        ),
    },

    scenes: {
      insert: (scene) => exec(() => void db.insert(s.scenes).values(scene).run()),
      get: (id) => exec(() => toScene(q.sceneById.get({ id }))),
      findReusable: (userId, purpose, validUntil) =>
        exec(() =>
          toScene(
            db
              .select()
              .from(s.scenes)
              .where(
                and(
                  eq(s.scenes.userId, userId),
                  eq(s.scenes.purpose, purpose),
                  eq(s.scenes.status, 'pending'),
                  gt(s.scenes.expiresAt, validUntil),
                ),
              )
              .orderBy(desc(s.scenes.createdAt))
              .limit(1)
              .get(),
          ),
        ),
      transition: (id, fromStatuses, patch) =>
        exec(() =>
          toScene(
            q.transitionScene.get({
              id,
              from: JSON.stringify(fromStatuses),
              updatedAt: patch.updatedAt,
              setStatus: Number('status' in patch),
              status: patch.status ?? null,
              setOpenid: Number('openid' in patch),
              openid: patch.openid ?? null,
              setUserId: Number('userId' in patch),
              userId: patch.userId ?? null,
              setDetail: Number('detail' in patch),
              detail: patch.detail ? JSON.stringify(patch.detail) : null,
            }),
          ),
        ),
    },

    codes: {
      insert: (code) => exec(() => db.insert(s.verificationCodes).values(code).returning().get()),
      findActive: (userId, now) =>
        exec(
          () =>
            db
              .select()
              .from(s.verificationCodes)
              .where(
                and(
                  eq(s.verificationCodes.userId, userId),
                  isNull(s.verificationCodes.usedAt),
                  gt(s.verificationCodes.expiresAt, now),
                ),
              )
              .orderBy(desc(s.verificationCodes.id))
              .limit(1)
              .get() ?? null,
        ),
      addAttempt: (id) =>
        exec(
          () =>
            db
              .update(s.verificationCodes)
              .set({ attempts: sql`${s.verificationCodes.attempts} + 1` })
              .where(eq(s.verificationCodes.id, id))
              .returning({ attempts: s.verificationCodes.attempts })
              .get()?.attempts ?? Number.MAX_SAFE_INTEGER,
        ),
      markUsed: (id, now) =>
        exec(
          () =>
            db
              .update(s.verificationCodes)
              .set({ usedAt: now })
              .where(and(eq(s.verificationCodes.id, id), isNull(s.verificationCodes.usedAt)))
              .run().changes === 1,
        ),
      retireForUser: (userId, now) =>
        exec(
          () =>
            void db
              .update(s.verificationCodes)
              .set({ usedAt: now })
              .where(and(eq(s.verificationCodes.userId, userId), isNull(s.verificationCodes.usedAt)))
              .run(),
        ),
    },

    linkNonces: {
      isUsed: (nonce) =>
        exec(
          () =>
            db.select({ nonce: s.linkNonces.nonce }).from(s.linkNonces).where(eq(s.linkNonces.nonce, nonce)).get() !==
            undefined,
        ),
      use: (row) =>
        exec(
          () =>
            db
              .insert(s.linkNonces)
              .values({ nonce: row.nonce, openid: row.openid, usedAt: row.now, expiresAt: row.expiresAt })
              .onConflictDoNothing()
              .run().changes === 1,
        ),
    },

    rateLimits: {
      hit: (key, limit, windowMs, now) =>
        exec(() => {
          // One statement: a new window starts when the old one has ended.
          const row = db
            .insert(s.rateLimits)
            .values({ key, count: 1, windowEndsAt: now + windowMs })
            .onConflictDoUpdate({
              target: s.rateLimits.key,
              set: {
                count: sql`case when ${s.rateLimits.windowEndsAt} <= ${now} then 1 else ${s.rateLimits.count} + 1 end`,
                windowEndsAt: sql`case when ${s.rateLimits.windowEndsAt} <= ${now} then ${now + windowMs} else ${s.rateLimits.windowEndsAt} end`,
              },
            })
            .returning()
            .get();
          return { allowed: row.count <= limit, retryAfterMs: Math.max(0, row.windowEndsAt - now) };
        }),
    },

    audit: {
      add: (entry) => exec(() => void q.insertAudit.run(entry)),
      list: (f) =>
        exec(() =>
          db
            .select()
            .from(s.auditLog)
            .where(
              and(
                f.userId !== undefined ? eq(s.auditLog.userId, f.userId) : undefined,
                f.openid !== undefined ? eq(s.auditLog.openid, f.openid) : undefined,
                f.action !== undefined ? eq(s.auditLog.action, f.action) : undefined,
              ),
            )
            .orderBy(s.auditLog.id)
            .all()
            .map((row) => ({ ...row, detail: row.detail ?? null })),
        ),
    },

    replay: {
      remember: (key, bodyHash, ttlSeconds) =>
        exec(() => {
          const now = Date.now();
          const inserted = q.insertReplay.run({ key, bodyHash, expiresAt: now + ttlSeconds * 1000 }).changes;
          if (inserted === 1) return 'new' as const;
          const seen = q.replayByKey.get({ key });
          return seen?.bodyHash === bodyHash ? ('same' as const) : ('conflict' as const);
        }),
    },

    dedup: {
      claim: (key, leaseMs, ttlSeconds) =>
        exec(() => {
          const now = Date.now();
          const inserted = q.insertDedup.run({ key, claimedAt: now, expiresAt: now + ttlSeconds * 1000 }).changes;
          if (inserted === 1) return { state: 'claimed' as const };
          const row = db.select().from(s.webhookDedup).where(eq(s.webhookDedup.key, key)).get();
          if (!row) return { state: 'busy' as const };
          if (row.reply !== null) return { state: 'done' as const, reply: row.reply };
          // The first delivery's handler died (or is slow past its lease): take the work over.
          const stolen = db
            .update(s.webhookDedup)
            .set({ claimedAt: now })
            .where(
              and(
                eq(s.webhookDedup.key, key),
                isNull(s.webhookDedup.reply),
                eq(s.webhookDedup.claimedAt, row.claimedAt),
                lt(s.webhookDedup.claimedAt, now - leaseMs),
              ),
            )
            .run().changes;
          return stolen === 1 ? { state: 'claimed' as const } : { state: 'busy' as const };
        }),
      complete: (key, reply) => exec(() => void q.completeDedup.run({ key, reply })),
      release: (key) =>
        exec(
          () =>
            void db
              .delete(s.webhookDedup)
              .where(and(eq(s.webhookDedup.key, key), isNull(s.webhookDedup.reply)))
              .run(),
        ),
    },

    accessToken: (appId) => ({
      get: () =>
        exec(() => {
          const row = db.select().from(s.accessTokens).where(eq(s.accessTokens.appId, appId)).get();
          return row ? { token: row.token, expiresAt: row.expiresAt } : null;
        }),
      set: ({ token, expiresAt }) =>
        exec(
          () =>
            void db
              .insert(s.accessTokens)
              .values({ appId, token, expiresAt })
              .onConflictDoUpdate({ target: s.accessTokens.appId, set: { token, expiresAt } })
              .run(),
        ),
      clearIf: (token) =>
        exec(
          () =>
            db
              .delete(s.accessTokens)
              .where(and(eq(s.accessTokens.appId, appId), eq(s.accessTokens.token, token)))
              .run().changes === 1,
        ),
    }),

    transaction: (fn) => {
      if (!tx) throw new Error('nested transactions are not supported');
      return tx(fn);
    },
  };
}
