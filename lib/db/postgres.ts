import path from 'node:path';
import { and, desc, eq, gt, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import { drizzle, type NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as s from './schema-pg';
import type { Database, Repos, Scene } from './types';

/** The pool itself or one transaction: every repository method runs on either. */
type Db = PgDatabase<NodePgQueryResultHKT, typeof s>;

/**
 * Session-level advisory lock held while migrating ('WeBindMg' as a bigint), so instances that start
 * together apply migrations one at a time; the later ones then find nothing left to do.
 */
const MIGRATION_LOCK = '6297512674538573159';

export async function openPostgres(url: string, migrationsFolder = path.resolve('drizzle/pg')): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // An idle client whose connection dies emits 'error' on the pool, which would crash the process
  // unhandled; the pool drops that client, and the next query reports any lasting outage.
  pool.on('error', () => undefined);

  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new Error(`DATABASE_URL: cannot reach PostgreSQL at ${describeServer(url)} (${reason(err, url)})`, {
      cause: err,
    });
  }

  let unlocked = false;
  try {
    await client.query(`select pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await migrate(drizzle(client, { schema: s }), { migrationsFolder });
    } finally {
      unlocked = await client.query(`select pg_advisory_unlock(${MIGRATION_LOCK})`).then(
        () => true,
        () => false,
      );
    }
  } catch (err) {
    client.release(true);
    await pool.end().catch(() => undefined);
    throw err;
  }
  // A connection that could not unlock must not go back to the pool still holding the lock.
  client.release(!unlocked);

  const db = drizzle(pool, { schema: s });
  return {
    dialect: 'postgres',
    pgPool: pool,
    repos: pgRepos(db, (fn) => db.transaction((tx) => fn(pgRepos(tx, null)))),
    cleanup: (now) =>
      db.transaction(async (tx) => {
        let removed = 0;
        // One after another: a transaction is one connection, which runs one query at a time.
        for (const remove of [
          () => tx.delete(s.scenes).where(lt(s.scenes.expiresAt, now - 24 * 3600_000)),
          () => tx.delete(s.sessions).where(lt(s.sessions.expiresAt, now)),
          () => tx.delete(s.linkNonces).where(lt(s.linkNonces.expiresAt, now)),
          () => tx.delete(s.webhookDedup).where(lt(s.webhookDedup.expiresAt, now)),
          () => tx.delete(s.webhookReplay).where(lt(s.webhookReplay.expiresAt, now)),
          () => tx.delete(s.rateLimits).where(lt(s.rateLimits.windowEndsAt, now)),
          () => tx.delete(s.verificationCodes).where(lt(s.verificationCodes.expiresAt, now - 24 * 3600_000)),
        ]) {
          removed += changes(await remove());
        }
        return removed;
      }),
    ping: async () => void (await pool.query('select 1')),
    close: () => pool.end(),
  };
}

/** `host:port` of a connection string, never its credentials. */
function describeServer(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname || u.searchParams.get('host') || 'localhost';
    return `${host}:${u.port || u.searchParams.get('port') || 5432}`;
  } catch {
    return 'an unparseable URL';
  }
}

/** A connection error as `CODE message`, with the URL's password masked should the driver echo it. */
function reason(err: unknown, url: string): string {
  const e = err as { code?: string; message?: string } | null;
  let text = [e?.code, e?.message].filter(Boolean).join(' ').split('\n')[0] || String(err);
  try {
    const { password } = new URL(url);
    for (const secret of new Set([password, decodeURIComponent(password)]))
      if (secret) text = text.split(secret).join('***');
  } catch {
    // describeServer already says the URL does not parse.
  }
  return text;
}

type Tx = (<T>(fn: (tx: Repos) => Promise<T>) => Promise<T>) | null;

const first = <T>(rows: T[]): T | null => rows[0] ?? null;
const changes = (result: { rowCount: number | null }) => result.rowCount ?? 0;
const toScene = (row: typeof s.scenes.$inferSelect | null): Scene | null =>
  row ? { ...row, detail: row.detail ?? null } : null;

/**
 * The repositories over `db`. `tx` is how to start a transaction, or null when `db` already is one:
 * then `scenes.get` locks the row it reads (the SQLite version holds the whole database from
 * BEGIN IMMEDIATE), so two instances racing on one scene serialise, and nesting throws.
 *
 * Unique conflicts are resolved with ON CONFLICT DO NOTHING rather than a caught 23505: inside a
 * PostgreSQL transaction a failed statement aborts everything after it, a conflict clause does not.
 */
function pgRepos(db: Db, tx: Tx): Repos {
  const inTransaction = tx === null;
  const publicUser = ({ passwordHash: _omit, ...user }: typeof s.users.$inferSelect) => user;

  return {
    users: {
      create: async ({ email, passwordHash, now }) => {
        const row = first(
          await db
            .insert(s.users)
            .values({ email, passwordHash, createdAt: now, passwordChangedAt: now })
            .onConflictDoNothing()
            .returning(),
        );
        return row ? publicUser(row) : null;
      },
      findByEmail: async (email) => first(await db.select().from(s.users).where(eq(s.users.email, email))),
      findById: async (id) => {
        const row = first(await db.select().from(s.users).where(eq(s.users.id, id)));
        return row ? publicUser(row) : null;
      },
      setPassword: async (id, passwordHash, now) =>
        void (await db.update(s.users).set({ passwordHash, passwordChangedAt: now }).where(eq(s.users.id, id))),
    },

    sessions: {
      create: async (session) => void (await db.insert(s.sessions).values(session)),
      find: async (tokenHash) => first(await db.select().from(s.sessions).where(eq(s.sessions.tokenHash, tokenHash))),
      delete: async (tokenHash) => void (await db.delete(s.sessions).where(eq(s.sessions.tokenHash, tokenHash))),
      deleteForUser: async (userId, except) =>
        changes(
          await db
            .delete(s.sessions)
            .where(and(eq(s.sessions.userId, userId), except ? ne(s.sessions.tokenHash, except) : undefined)),
        ),
    },

    bindings: {
      findByUser: async (userId) =>
        first(await db.select().from(s.wechatBindings).where(eq(s.wechatBindings.userId, userId))),
      findByOpenid: async (openid) =>
        first(await db.select().from(s.wechatBindings).where(eq(s.wechatBindings.openid, openid))),
      insert: async (binding) => {
        const inserted = await db
          .insert(s.wechatBindings)
          .values(binding)
          .onConflictDoNothing()
          .returning({ userId: s.wechatBindings.userId });
        if (inserted.length === 1) return 'ok';
        const byOpenid = first(
          await db
            .select({ userId: s.wechatBindings.userId })
            .from(s.wechatBindings)
            .where(eq(s.wechatBindings.openid, binding.openid)),
        );
        return byOpenid ? 'openid_taken' : 'user_taken';
      },
      delete: async (userId) =>
        first(await db.delete(s.wechatBindings).where(eq(s.wechatBindings.userId, userId)).returning()),
      setSubscribed: async (openid, subscribed, now) =>
        first(
          await db
            .update(s.wechatBindings)
            .set({ subscribed, subscribedChangedAt: now })
            .where(eq(s.wechatBindings.openid, openid))
            .returning(),
        ),
    },

    scenes: {
      insert: async (scene) => void (await db.insert(s.scenes).values(scene)),
      get: async (id) => {
        const query = db.select().from(s.scenes).where(eq(s.scenes.id, id));
        return toScene(first(await (inTransaction ? query.for('update') : query)));
      },
      findReusable: async (userId, purpose, validUntil) =>
        toScene(
          first(
            await db
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
              .limit(1),
          ),
        ),
      transition: async (id, fromStatuses, patch) =>
        toScene(
          first(
            await db
              .update(s.scenes)
              .set(patch)
              .where(and(eq(s.scenes.id, id), inArray(s.scenes.status, [...fromStatuses])))
              .returning(),
          ),
        ),
    },

    codes: {
      insert: async (code) => (await db.insert(s.verificationCodes).values(code).returning())[0],
      findActive: async (userId, now) =>
        first(
          await db
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
            .limit(1),
        ),
      addAttempt: async (id) =>
        first(
          await db
            .update(s.verificationCodes)
            .set({ attempts: sql`${s.verificationCodes.attempts} + 1` })
            .where(eq(s.verificationCodes.id, id))
            .returning({ attempts: s.verificationCodes.attempts }),
        )?.attempts ?? Number.MAX_SAFE_INTEGER,
      markUsed: async (id, now) =>
        changes(
          await db
            .update(s.verificationCodes)
            .set({ usedAt: now })
            .where(and(eq(s.verificationCodes.id, id), isNull(s.verificationCodes.usedAt))),
        ) === 1,
      retireForUser: async (userId, now) =>
        void (await db
          .update(s.verificationCodes)
          .set({ usedAt: now })
          .where(and(eq(s.verificationCodes.userId, userId), isNull(s.verificationCodes.usedAt)))),
    },

    linkNonces: {
      isUsed: async (nonce) =>
        (
          await db
            .select({ nonce: s.linkNonces.nonce })
            .from(s.linkNonces)
            .where(eq(s.linkNonces.nonce, nonce))
            .limit(1)
        ).length > 0,
      use: async (row) =>
        changes(
          await db
            .insert(s.linkNonces)
            .values({ nonce: row.nonce, openid: row.openid, usedAt: row.now, expiresAt: row.expiresAt })
            .onConflictDoNothing(),
        ) === 1,
    },

    rateLimits: {
      hit: async (key, limit, windowMs, now) => {
        // One statement: a new window starts when the old one has ended.
        const [row] = await db
          .insert(s.rateLimits)
          .values({ key, count: 1, windowEndsAt: now + windowMs })
          .onConflictDoUpdate({
            target: s.rateLimits.key,
            set: {
              count: sql`case when ${s.rateLimits.windowEndsAt} <= ${now} then 1 else ${s.rateLimits.count} + 1 end`,
              windowEndsAt: sql`case when ${s.rateLimits.windowEndsAt} <= ${now} then ${now + windowMs} else ${s.rateLimits.windowEndsAt} end`,
            },
          })
          .returning();
        return { allowed: row.count <= limit, retryAfterMs: Math.max(0, row.windowEndsAt - now) };
      },
    },

    audit: {
      add: async (entry) => void (await db.insert(s.auditLog).values(entry)),
      list: async (f) =>
        (
          await db
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
        ).map((row) => ({ ...row, detail: row.detail ?? null })),
    },

    replay: {
      remember: async (key, bodyHash, ttlSeconds) => {
        const now = Date.now();
        const inserted = await db
          .insert(s.webhookReplay)
          .values({ key, bodyHash, expiresAt: now + ttlSeconds * 1000 })
          .onConflictDoNothing();
        if (changes(inserted) === 1) return 'new';
        const seen = first(await db.select().from(s.webhookReplay).where(eq(s.webhookReplay.key, key)));
        return seen?.bodyHash === bodyHash ? 'same' : 'conflict';
      },
    },

    dedup: {
      claim: async (key, leaseMs, ttlSeconds) => {
        const now = Date.now();
        const inserted = await db
          .insert(s.webhookDedup)
          .values({ key, reply: null, claimedAt: now, expiresAt: now + ttlSeconds * 1000 })
          .onConflictDoNothing();
        if (changes(inserted) === 1) return { state: 'claimed' };
        const row = first(await db.select().from(s.webhookDedup).where(eq(s.webhookDedup.key, key)));
        if (!row) return { state: 'busy' };
        if (row.reply !== null) return { state: 'done', reply: row.reply };
        // The first delivery's handler died (or is slow past its lease): take the work over, once.
        const stolen = await db
          .update(s.webhookDedup)
          .set({ claimedAt: now })
          .where(
            and(
              eq(s.webhookDedup.key, key),
              isNull(s.webhookDedup.reply),
              eq(s.webhookDedup.claimedAt, row.claimedAt),
              lt(s.webhookDedup.claimedAt, now - leaseMs),
            ),
          );
        return changes(stolen) === 1 ? { state: 'claimed' } : { state: 'busy' };
      },
      complete: async (key, reply) =>
        void (await db.update(s.webhookDedup).set({ reply }).where(eq(s.webhookDedup.key, key))),
      release: async (key) =>
        void (await db.delete(s.webhookDedup).where(and(eq(s.webhookDedup.key, key), isNull(s.webhookDedup.reply)))),
    },

    accessToken: (appId) => ({
      get: async () =>
        first(
          await db
            .select({ token: s.accessTokens.token, expiresAt: s.accessTokens.expiresAt })
            .from(s.accessTokens)
            .where(eq(s.accessTokens.appId, appId)),
        ),
      set: async ({ token, expiresAt }) =>
        void (await db
          .insert(s.accessTokens)
          .values({ appId, token, expiresAt })
          .onConflictDoUpdate({ target: s.accessTokens.appId, set: { token, expiresAt } })),
      clearIf: async (token) =>
        changes(
          await db.delete(s.accessTokens).where(and(eq(s.accessTokens.appId, appId), eq(s.accessTokens.token, token))),
        ) === 1,
    }),

    transaction: (fn) => {
      if (!tx) throw new Error('nested transactions are not supported');
      return tx(fn);
    },
  };
}
