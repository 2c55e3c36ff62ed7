import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { and, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as s from './schema';
import type { Database, Repos, Scene } from './types';

type Db = BetterSQLite3Database<typeof s>;

/**
 * better-sqlite3 runs every statement synchronously on one connection. Transactions are async in the
 * Repos interface (so the same domain code runs on PostgreSQL), so all access is serialised through
 * this queue: nothing can interleave with an open transaction.
 */
class Queue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => T | Promise<T>): Promise<T> {
    const next = this.tail.then(fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export function openSqlite(file: string, migrationsFolder = path.resolve('drizzle/sqlite')): Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const conn = new BetterSqlite3(file);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('busy_timeout = 5000');
  const db = drizzle(conn, { schema: s });

  // A table-rebuild migration would cascade-delete rows with foreign keys on: check them after instead.
  conn.pragma('foreign_keys = OFF');
  migrate(db, { migrationsFolder });
  const broken = conn.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`database: ${broken.length} rows violate foreign keys after migration`);
  conn.pragma('foreign_keys = ON');

  const queue = new Queue();
  const direct = sqliteRepos(db, (fn) => Promise.resolve().then(fn), null);
  const repos = sqliteRepos(db, (fn) => queue.run(fn), (fn) =>
    queue.run(async () => {
      conn.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(direct);
        conn.exec('COMMIT');
        return result;
      } catch (err) {
        if (conn.inTransaction) conn.exec('ROLLBACK');
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
        conn.transaction(() => {
          removed += db.delete(s.scenes).where(lt(s.scenes.expiresAt, now - 24 * 3600_000)).run().changes;
          removed += db.delete(s.sessions).where(lt(s.sessions.expiresAt, now)).run().changes;
          removed += db.delete(s.linkNonces).where(lt(s.linkNonces.expiresAt, now)).run().changes;
          removed += db.delete(s.webhookDedup).where(lt(s.webhookDedup.expiresAt, now)).run().changes;
          removed += db.delete(s.webhookReplay).where(lt(s.webhookReplay.expiresAt, now)).run().changes;
          removed += db.delete(s.rateLimits).where(lt(s.rateLimits.windowEndsAt, now)).run().changes;
          removed += db.delete(s.verificationCodes).where(lt(s.verificationCodes.expiresAt, now - 24 * 3600_000)).run().changes;
        })();
        return removed;
      }),
    ping: () => queue.run(() => void conn.prepare('select 1').get()),
    close: () => queue.run(() => void conn.close()),
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

function sqliteRepos(db: Db, exec: Exec, tx: Tx): Repos {
  const publicUser = ({ passwordHash: _omit, ...user }: typeof s.users.$inferSelect) => user;

  return {
    users: {
      create: ({ email, passwordHash, now }) =>
        exec(() => {
          const row = db.insert(s.users).values({ email, passwordHash, createdAt: now, passwordChangedAt: now }).onConflictDoNothing().returning().get();
          return row ? publicUser(row) : null;
        }),
      findByEmail: (email) => exec(() => db.select().from(s.users).where(eq(s.users.email, email)).get() ?? null),
      findById: (id) =>
        exec(() => {
          const row = db.select().from(s.users).where(eq(s.users.id, id)).get();
          return row ? publicUser(row) : null;
        }),
      setPassword: (id, passwordHash, now) =>
        exec(() => void db.update(s.users).set({ passwordHash, passwordChangedAt: now }).where(eq(s.users.id, id)).run()),
    },

    sessions: {
      create: (session) => exec(() => void db.insert(s.sessions).values(session).run()),
      find: (tokenHash) => exec(() => db.select().from(s.sessions).where(eq(s.sessions.tokenHash, tokenHash)).get() ?? null),
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
      findByUser: (userId) => exec(() => db.select().from(s.wechatBindings).where(eq(s.wechatBindings.userId, userId)).get() ?? null),
      findByOpenid: (openid) => exec(() => db.select().from(s.wechatBindings).where(eq(s.wechatBindings.openid, openid)).get() ?? null),
      insert: (binding) =>
        exec(() => {
          try {
            db.insert(s.wechatBindings).values(binding).run();
            return 'ok' as const;
          } catch (err) {
            if (!isUniqueViolation(err)) throw err;
            const byOpenid = db.select().from(s.wechatBindings).where(eq(s.wechatBindings.openid, binding.openid)).get();
            return byOpenid ? ('openid_taken' as const) : ('user_taken' as const);
          }
        }),
      delete: (userId) => exec(() => db.delete(s.wechatBindings).where(eq(s.wechatBindings.userId, userId)).returning().get() ?? null),
      setSubscribed: (openid, subscribed, now) =>
        exec(
          () =>
            db.update(s.wechatBindings).set({ subscribed, subscribedChangedAt: now }).where(eq(s.wechatBindings.openid, openid)).returning().get() ?? null,
        ),
    },

    scenes: {
      insert: (scene) => exec(() => void db.insert(s.scenes).values(scene).run()),
      get: (id) => exec(() => toScene(db.select().from(s.scenes).where(eq(s.scenes.id, id)).get())),
      findReusable: (userId, purpose, validUntil) =>
        exec(() =>
          toScene(
            db
              .select()
              .from(s.scenes)
              .where(and(eq(s.scenes.userId, userId), eq(s.scenes.purpose, purpose), eq(s.scenes.status, 'pending'), gt(s.scenes.expiresAt, validUntil)))
              .orderBy(desc(s.scenes.createdAt))
              .limit(1)
              .get(),
          ),
        ),
      transition: (id, fromStatuses, patch) =>
        exec(() =>
          toScene(
            db
              .update(s.scenes)
              .set(patch)
              .where(and(eq(s.scenes.id, id), inArray(s.scenes.status, [...fromStatuses])))
              .returning()
              .get(),
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
              .where(and(eq(s.verificationCodes.userId, userId), isNull(s.verificationCodes.usedAt), gt(s.verificationCodes.expiresAt, now)))
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
      isUsed: (nonce) => exec(() => db.select({ nonce: s.linkNonces.nonce }).from(s.linkNonces).where(eq(s.linkNonces.nonce, nonce)).get() !== undefined),
      use: (row) =>
        exec(
          () =>
            db.insert(s.linkNonces).values({ nonce: row.nonce, openid: row.openid, usedAt: row.now, expiresAt: row.expiresAt }).onConflictDoNothing().run()
              .changes === 1,
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
      add: (entry) => exec(() => void db.insert(s.auditLog).values(entry).run()),
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
          const inserted = db
            .insert(s.webhookReplay)
            .values({ key, bodyHash, expiresAt: now + ttlSeconds * 1000 })
            .onConflictDoNothing()
            .run().changes;
          if (inserted === 1) return 'new' as const;
          const seen = db.select().from(s.webhookReplay).where(eq(s.webhookReplay.key, key)).get();
          return seen?.bodyHash === bodyHash ? ('same' as const) : ('conflict' as const);
        }),
    },

    dedup: {
      claim: (key, leaseMs, ttlSeconds) =>
        exec(() => {
          const now = Date.now();
          const inserted = db
            .insert(s.webhookDedup)
            .values({ key, reply: null, claimedAt: now, expiresAt: now + ttlSeconds * 1000 })
            .onConflictDoNothing()
            .run().changes;
          if (inserted === 1) return { state: 'claimed' as const };
          const row = db.select().from(s.webhookDedup).where(eq(s.webhookDedup.key, key)).get();
          if (!row) return { state: 'busy' as const };
          if (row.reply !== null) return { state: 'done' as const, reply: row.reply };
          // The first delivery's handler died (or is slow past its lease): take the work over.
          const stolen = db
            .update(s.webhookDedup)
            .set({ claimedAt: now })
            .where(and(eq(s.webhookDedup.key, key), isNull(s.webhookDedup.reply), eq(s.webhookDedup.claimedAt, row.claimedAt), lt(s.webhookDedup.claimedAt, now - leaseMs)))
            .run().changes;
          return stolen === 1 ? { state: 'claimed' as const } : { state: 'busy' as const };
        }),
      complete: (key, reply) => exec(() => void db.update(s.webhookDedup).set({ reply }).where(eq(s.webhookDedup.key, key)).run()),
      release: (key) => exec(() => void db.delete(s.webhookDedup).where(and(eq(s.webhookDedup.key, key), isNull(s.webhookDedup.reply))).run()),
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
        exec(() => db.delete(s.accessTokens).where(and(eq(s.accessTokens.appId, appId), eq(s.accessTokens.token, token))).run().changes === 1),
    }),

    transaction: (fn) => {
      if (!tx) throw new Error('nested transactions are not supported');
      return tx(fn);
    },
  };
}
