/**
 * The one repository implementation, for SQLite and PostgreSQL alike. Every statement is built and
 * prepared once, when the database opens (drizzle's builder plus a driver prepare costs ~25–100 µs per
 * call, a prepared statement ~1–8 µs); a call only fills in its placeholders.
 *
 * The queries are written once against drizzle's PostgreSQL builder types. drizzle's SQLite builders
 * have the same methods (select/insert/update/delete, onConflict…, returning, orderBy, limit), so the
 * SQLite side passes its own database and schema through the same code; what really differs between
 * the dialects is in the small `DialectKit` each opener supplies (lib/db/sqlite.ts, lib/db/postgres.ts):
 * how a statement is prepared and run, how many rows a write changed, row locking, and lists.
 */
import { and, desc, eq, gt, isNull, lt, type SQL, sql } from 'drizzle-orm';
import {
  deleteWhere,
  incrementById,
  insertBinding,
  insertIfNew,
  rowsWhere,
  stampOnce,
  updateWhere,
} from './query-parts';
import { eqUnlessNull, p, placeholders, type Runner, v } from './query-parts';
import type { PgColumn, PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Schema } from './schema';
import { buildEventRepos, prepareEventStatements } from './event-repos';
import { buildHostRepos, prepareHostStatements } from './host-repos';
import type { Repos, Scene, ServiceWindowKind } from './types';

export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** A statement prepared once; `conn` is the dialect's connection (a PostgreSQL client in a transaction). */
export interface Prepared<Row> {
  all(conn: Conn, params?: Record<string, unknown>): Promise<Row[]>;
  get(conn: Conn, params?: Record<string, unknown>): Promise<Row | null>;
  /** Runs a write; resolves to the number of rows it changed. */
  run(conn: Conn, params?: Record<string, unknown>): Promise<number>;
}

type RowOf<Q extends { execute(): Promise<unknown> }> =
  Awaited<ReturnType<Q['execute']>> extends Array<infer Row> ? Row : never;

/** Opaque per dialect: null on SQLite (one connection), the pool or a transaction's client on PostgreSQL. */
export type Conn = unknown;

export interface DialectKit {
  db: Db;
  schema: Schema;
  /** Prepares a query once; `name` names the server-side statement where the dialect has them. */
  prepare<Q extends { execute(): Promise<unknown> }>(name: string, query: Q): Prepared<RowOf<Q>>;
  /** Locks the rows a select reads until the transaction ends (SQLite: the write transaction already does). */
  forUpdate<Q>(query: Q): Q;
  /** `column` is one of the list placeholder `name` (filled with `list(values)`). */
  inList(column: PgColumn, name: string): SQL;
  list(values: readonly string[]): unknown;
  /** Runs `fn` as one job outside any transaction (SQLite: in the group-commit queue; PostgreSQL: on the pool). */
  run<T>(fn: (conn: Conn) => Promise<T>): Promise<T>;
  /** Runs `fn` in a transaction, handing it the transaction's connection. */
  transaction<T>(fn: (conn: Conn) => Promise<T>): Promise<T>;
}

/** Whether a drizzle query writes (is anything but a SELECT). */
export const isWrite = (query: unknown) => !/^\s*select\b/i.test((query as { toSQL(): { sql: string } }).toSQL().sql);

const DAY = 24 * 3600_000;

/** wechat_windows' pair of columns for each kind of customer-service window. */
const WINDOW_COLUMNS = {
  message: { until: 'messageUntil', left: 'messageLeft' },
  event: { until: 'eventUntil', left: 'eventLeft' },
} as const;
const CLOSED_WINDOWS = { messageUntil: 0, messageLeft: 0, eventUntil: 0, eventLeft: 0 };

/** Every statement the repositories run, built and prepared once per database. */
export function prepareStatements(kit: DialectKit) {
  const { db, schema: s } = kit;
  const prep = kit.prepare.bind(kit);
  // The newest pending scene of one owner and purpose that is still valid at :validUntil.
  const newestPendingScene = (owner: 'userId' | 'browserKeyHash', purpose: ReturnType<typeof p> | 'login') =>
    db
      .select()
      .from(s.scenes)
      .where(
        and(
          eq(s.scenes[owner], p(owner)),
          eq(s.scenes.purpose, purpose),
          eq(s.scenes.status, 'pending'),
          gt(s.scenes.expiresAt, p('validUntil')),
        ),
      )
      .orderBy(desc(s.scenes.createdAt))
      .limit(1);
  const w = s.wechatWindows;
  // A push (re)opens its kind's window; a new row starts the other kind's closed.
  const windowOpen = (kind: ServiceWindowKind) => {
    const { until, left } = WINDOW_COLUMNS[kind];
    return prep(
      `webind_window_open_${kind}`,
      db
        .insert(w)
        .values({ openid: p('openid'), ...CLOSED_WINDOWS, [until]: p('until'), [left]: p('count') })
        .onConflictDoUpdate({
          target: w.openid,
          set: { [until]: sql.raw(`excluded.${w[until].name}`), [left]: sql.raw(`excluded.${w[left].name}`) },
        }),
    );
  };
  const windowTake = (kind: ServiceWindowKind) => {
    const { until, left } = WINDOW_COLUMNS[kind];
    return prep(
      `webind_window_take_${kind}`,
      db
        .update(w)
        .set({ [left]: sql`${w[left]} - 1` })
        .where(and(eq(w.openid, p('openid')), gt(w[until], p('now')), gt(w[left], 0))),
    );
  };
  return {
    userInsert: prep(
      'webind_user_insert',
      db
        .insert(s.users)
        .values({
          email: p('email'),
          passwordHash: p('passwordHash'),
          createdAt: p('now'),
          passwordChangedAt: p('now'),
        })
        .onConflictDoNothing()
        .returning(),
    ),
    userByEmail: prep('webind_user_by_email', rowsWhere(db, s.users, 'email')),
    userById: prep('webind_user_by_id', rowsWhere(db, s.users, 'id')),
    // Only while the account has no e-mail: a WeChat-only account adds its e-mail and password once.
    userAddCredentials: prep(
      'webind_user_add_credentials',
      db
        .update(s.users)
        .set({ email: v('email'), passwordHash: v('passwordHash'), passwordChangedAt: v('now') })
        .where(and(eq(s.users.id, p('id')), isNull(s.users.email))),
    ),
    userSetPassword: prep(
      'webind_user_set_password',
      db
        .update(s.users)
        .set({ passwordHash: v('passwordHash'), passwordChangedAt: v('now') })
        .where(eq(s.users.id, p('id'))),
    ),

    sessionInsert: prep(
      'webind_session_insert',
      db.insert(s.sessions).values(placeholders('tokenHash', 'userId', 'createdAt', 'expiresAt', 'userAgent', 'ip')),
    ),
    sessionByHash: prep('webind_session_by_hash', rowsWhere(db, s.sessions, 'tokenHash')),
    sessionDelete: prep('webind_session_delete', deleteWhere(db, s.sessions, 'tokenHash')),
    // Token hashes are never empty, so '' as `except` spares no session.
    sessionDeleteForUser: prep(
      'webind_session_delete_for_user',
      db
        .delete(s.sessions)
        .where(and(eq(s.sessions.userId, p('userId')), sql`${s.sessions.tokenHash} <> ${p('except')}`)),
    ),

    bindingByUser: prep('webind_binding_by_user', rowsWhere(db, s.wechatBindings, 'userId')),
    bindingByOpenid: prep('webind_binding_by_openid', rowsWhere(db, s.wechatBindings, 'openid')),
    // ON CONFLICT DO NOTHING rather than a caught unique violation: inside a PostgreSQL transaction a
    // failed statement aborts everything after it, a conflict clause does not.
    bindingInsert: prep(
      'webind_binding_insert',
      insertIfNew(db, s.wechatBindings, 'userId', 'openid', 'boundAt', 'subscribed', 'subscribedChangedAt').returning({
        userId: s.wechatBindings.userId,
      }),
    ),
    bindingDelete: prep('webind_binding_delete', deleteWhere(db, s.wechatBindings, 'userId').returning()),
    bindingSetSubscribed: prep(
      'webind_binding_set_subscribed',
      db
        .update(s.wechatBindings)
        .set({ subscribed: v('subscribed'), subscribedChangedAt: v('now') })
        .where(eq(s.wechatBindings.openid, p('openid')))
        .returning(),
    ),

    sceneInsert: prep(
      'webind_scene_insert',
      db
        .insert(s.scenes)
        .values(
          placeholders(
            'id',
            'purpose',
            'status',
            'userId',
            'externalUserId',
            'openid',
            'browserKeyHash',
            'qrContent',
            'detail',
            'ip',
            'userAgent',
            'createdAt',
            'updatedAt',
            'expiresAt',
          ),
        ),
    ),
    sceneById: prep('webind_scene_by_id', rowsWhere(db, s.scenes, 'id')),
    sceneByIdLocked: prep('webind_scene_by_id_locked', kit.forUpdate(rowsWhere(db, s.scenes, 'id'))),
    sceneReusable: prep('webind_scene_reusable', newestPendingScene('userId', p('purpose'))),
    sceneReusableLogin: prep('webind_scene_reusable_login', newestPendingScene('browserKeyHash', 'login')),
    sceneForgetOpenid: prep(
      'webind_scene_forget_openid',
      db
        .update(s.scenes)
        .set({ openid: sql`null` })
        .where(eq(s.scenes.openid, p('openid'))),
    ),
    // One statement for every transition: each column changes only when its flag is set.
    sceneTransition: prep(
      'webind_scene_transition',
      db
        .update(s.scenes)
        .set({
          status: sql`case when ${p('setStatus')} = 1 then ${p('status')} else ${s.scenes.status} end`,
          openid: sql`case when ${p('setOpenid')} = 1 then ${p('openid')} else ${s.scenes.openid} end`,
          userId: sql`case when ${p('setUserId')} = 1 then ${p('userId')} else ${s.scenes.userId} end`,
          detail: sql`case when ${p('setDetail')} = 1 then ${p('detail')} else ${s.scenes.detail} end`,
          updatedAt: v('updatedAt'),
        })
        .where(and(eq(s.scenes.id, p('id')), kit.inList(s.scenes.status, 'from')))
        .returning(),
    ),

    codeInsert: prep(
      'webind_code_insert',
      db
        .insert(s.verificationCodes)
        .values(placeholders('userId', 'codeHash', 'attempts', 'createdAt', 'expiresAt', 'usedAt'))
        .returning(),
    ),
    codeActive: prep(
      'webind_code_active',
      db
        .select()
        .from(s.verificationCodes)
        .where(
          and(
            eq(s.verificationCodes.userId, p('userId')),
            isNull(s.verificationCodes.usedAt),
            gt(s.verificationCodes.expiresAt, p('now')),
          ),
        )
        .orderBy(desc(s.verificationCodes.id))
        .limit(1),
    ),
    codeAddAttempt: prep('webind_code_add_attempt', incrementById(db, s.verificationCodes, 'attempts', 'attempts')),
    codeMarkUsed: prep('webind_code_mark_used', stampOnce(db, s.verificationCodes, 'usedAt', 'id')),
    codeRetireForUser: prep('webind_code_retire_for_user', stampOnce(db, s.verificationCodes, 'usedAt', 'userId')),

    nonceByValue: prep(
      'webind_nonce_by_value',
      db
        .select({ nonce: s.linkNonces.nonce })
        .from(s.linkNonces)
        .where(eq(s.linkNonces.nonce, p('nonce')))
        .limit(1),
    ),
    nonceUse: prep(
      'webind_nonce_use',
      db
        .insert(s.linkNonces)
        .values({ nonce: p('nonce'), openid: p('openid'), usedAt: p('now'), expiresAt: p('expiresAt') })
        .onConflictDoNothing(),
    ),

    nonceForgetOpenid: prep('webind_nonce_forget_openid', deleteWhere(db, s.linkNonces, 'openid')),

    windowOpen: { message: windowOpen('message'), event: windowOpen('event') },
    // Taken from the event window first (see WindowsRepo.take).
    windowTake: { event: windowTake('event'), message: windowTake('message') },
    windowClose: prep(
      'webind_window_close',
      db
        .update(s.wechatWindows)
        .set({ messageLeft: 0, eventLeft: 0 })
        .where(eq(s.wechatWindows.openid, p('openid'))),
    ),
    windowForget: prep('webind_window_forget', deleteWhere(db, s.wechatWindows, 'openid')),

    keywordInsert: prep(
      'webind_keyword_insert',
      insertIfNew(db, s.keywordCodes, 'code', 'sceneId', 'createdAt', 'expiresAt'),
    ),
    keywordForScene: prep(
      'webind_keyword_for_scene',
      db
        .select({ code: s.keywordCodes.code })
        .from(s.keywordCodes)
        .where(eq(s.keywordCodes.sceneId, p('sceneId'))),
    ),
    keywordUse: prep(
      'webind_keyword_use',
      stampOnce(db, s.keywordCodes, 'usedAt', 'code', gt(s.keywordCodes.expiresAt, p('now'))).returning({
        sceneId: s.keywordCodes.sceneId,
      }),
    ),

    // One statement: a new window starts when the old one has ended.
    rateLimitHit: prep(
      'webind_rate_limit_hit',
      db
        .insert(s.rateLimits)
        .values({ key: p('key'), count: 1, windowEndsAt: p('windowEndsAt') })
        .onConflictDoUpdate({
          target: s.rateLimits.key,
          set: {
            count: sql`case when ${s.rateLimits.windowEndsAt} <= ${p('now')} then 1 else ${s.rateLimits.count} + 1 end`,
            windowEndsAt: sql`case when ${s.rateLimits.windowEndsAt} <= ${p('now')} then ${p('windowEndsAt')} else ${s.rateLimits.windowEndsAt} end`,
          },
        })
        .returning(),
    ),

    auditInsert: prep(
      'webind_audit_insert',
      db
        .insert(s.auditLog)
        .values({ at: p('at'), action: p('action'), userId: p('userId'), openid: p('openid'), detail: p('detail') }),
    ),
    auditList: prep(
      'webind_audit_list',
      db
        .select()
        .from(s.auditLog)
        .where(
          and(
            eqUnlessNull(s.auditLog.userId, 'userId', 'integer'),
            eqUnlessNull(s.auditLog.openid, 'openid', 'text'),
            eqUnlessNull(s.auditLog.action, 'action', 'text'),
          ),
        )
        .orderBy(s.auditLog.id),
    ),

    replayInsert: prep('webind_replay_insert', insertIfNew(db, s.webhookReplay, 'key', 'bodyHash', 'expiresAt')),
    replayByKey: prep('webind_replay_by_key', rowsWhere(db, s.webhookReplay, 'key')),

    dedupInsert: prep(
      'webind_dedup_insert',
      db
        .insert(s.webhookDedup)
        .values({ key: p('key'), reply: null, claimedAt: p('now'), expiresAt: p('expiresAt') })
        .onConflictDoNothing(),
    ),
    dedupByKey: prep('webind_dedup_by_key', rowsWhere(db, s.webhookDedup, 'key')),
    dedupSteal: prep(
      'webind_dedup_steal',
      updateWhere(
        db,
        s.webhookDedup,
        'key',
        { claimedAt: v('now') },
        isNull(s.webhookDedup.reply),
        eq(s.webhookDedup.claimedAt, p('seenClaimedAt')),
        lt(s.webhookDedup.claimedAt, p('leaseStart')),
      ),
    ),
    dedupComplete: prep(
      'webind_dedup_complete',
      db
        .update(s.webhookDedup)
        .set({ reply: v('reply') })
        .where(eq(s.webhookDedup.key, p('key'))),
    ),
    dedupRelease: prep(
      'webind_dedup_release',
      db.delete(s.webhookDedup).where(and(eq(s.webhookDedup.key, p('key')), isNull(s.webhookDedup.reply))),
    ),

    tokenGet: prep(
      'webind_token_get',
      db
        .select({ token: s.accessTokens.token, expiresAt: s.accessTokens.expiresAt })
        .from(s.accessTokens)
        .where(eq(s.accessTokens.appId, p('appId'))),
    ),
    tokenSet: prep(
      'webind_token_set',
      db
        .insert(s.accessTokens)
        .values({ appId: p('appId'), token: p('token'), expiresAt: p('expiresAt') })
        .onConflictDoUpdate({
          target: s.accessTokens.appId,
          set: { token: sql`excluded.token`, expiresAt: sql`excluded.expires_at` },
        }),
    ),
    tokenClearIf: prep(
      'webind_token_clear_if',
      db.delete(s.accessTokens).where(and(eq(s.accessTokens.appId, p('appId')), eq(s.accessTokens.token, p('token')))),
    ),

    host: prepareHostStatements(kit),
    events: prepareEventStatements(kit),

    cleanup: [
      prep('webind_cleanup_scenes', db.delete(s.scenes).where(lt(s.scenes.expiresAt, p('dayAgo')))),
      prep('webind_cleanup_sessions', db.delete(s.sessions).where(lt(s.sessions.expiresAt, p('now')))),
      prep('webind_cleanup_nonces', db.delete(s.linkNonces).where(lt(s.linkNonces.expiresAt, p('now')))),
      prep('webind_cleanup_dedup', db.delete(s.webhookDedup).where(lt(s.webhookDedup.expiresAt, p('now')))),
      prep('webind_cleanup_replay', db.delete(s.webhookReplay).where(lt(s.webhookReplay.expiresAt, p('now')))),
      prep('webind_cleanup_rate_limits', db.delete(s.rateLimits).where(lt(s.rateLimits.windowEndsAt, p('now')))),
      // Outgoing webhooks are retried for about 31 h; their events and delivery log are kept 30 days.
      prep(
        'webind_cleanup_webhook_events',
        db.delete(s.webhookEvents).where(lt(s.webhookEvents.createdAt, p('monthAgo'))),
      ),
      prep(
        'webind_cleanup_windows',
        db
          .delete(s.wechatWindows)
          .where(and(lt(s.wechatWindows.messageUntil, p('now')), lt(s.wechatWindows.eventUntil, p('now')))),
      ),
      prep('webind_cleanup_keywords', db.delete(s.keywordCodes).where(lt(s.keywordCodes.expiresAt, p('dayAgo')))),
      prep(
        'webind_cleanup_codes',
        db.delete(s.verificationCodes).where(lt(s.verificationCodes.expiresAt, p('dayAgo'))),
      ),
    ],
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

const toScene = (row: (Omit<Scene, 'detail'> & { detail: Scene['detail'] | null }) | null): Scene | null =>
  row ? { ...row, detail: row.detail ?? null } : null;

/**
 * The repositories. Outside a transaction each call is one job (`kit.run`); `transaction(fn)` hands
 * `fn` repositories bound to the transaction's connection, where `scenes.get` locks the row it reads
 * so two instances racing on one scene serialise, and nesting throws.
 */
export function createRepos(kit: DialectKit, q: Statements, now: () => number): Repos {
  // A transaction's repositories hold nothing but its connection, so each connection's are built once:
  // building them cost 0.02 ms and 36 KB per transaction, on every scan (issue 20; test/bench/tx-cost.ts).
  // SQLite's one connection is `null`; PostgreSQL's are the pool's clients, reused again and again.
  const built = new WeakMap<object, Repos>();
  const sqliteConn = {};
  const txRepos = (conn: Conn): Repos => {
    const key = conn !== null && typeof conn === 'object' ? conn : sqliteConn;
    let repos = built.get(key);
    if (!repos) {
      repos = buildRepos(q, (job) => job(conn), kit, now, null);
      built.set(key, repos);
    }
    return repos;
  };
  return buildRepos(q, (fn) => kit.run(fn), kit, now, txRepos);
}

function buildRepos(
  q: Statements,
  run: Runner,
  kit: DialectKit,
  clock: () => number,
  /** A transaction's repositories for its connection; null for those of a transaction. */
  txRepos: ((conn: Conn) => Repos) | null,
): Repos {
  const inTransaction = txRepos === null;
  const publicUser = <U extends { passwordHash: string | null }>({ passwordHash: _omit, ...user }: U) => user;

  return {
    users: {
      create: ({ email, passwordHash, now }) =>
        run(async (c) => {
          const row = await q.userInsert.get(c, { email, passwordHash, now });
          return row ? publicUser(row) : null;
        }),
      findByEmail: (email) => run((c) => q.userByEmail.get(c, { email })),
      findById: (id) =>
        run(async (c) => {
          const row = await q.userById.get(c, { id });
          return row ? publicUser(row) : null;
        }),
      addCredentials: (id, email, passwordHash, now) =>
        run(async (c) => {
          if (await q.userByEmail.get(c, { email })) return 'email_taken' as const;
          try {
            return (await q.userAddCredentials.run(c, { id, email, passwordHash, now }))
              ? ('ok' as const)
              : ('has_email' as const);
          } catch (err) {
            // Taken between the check and the write: the unique constraint decides.
            if (/unique|23505/i.test(`${(err as { code?: string }).code ?? ''} ${(err as Error).message}`))
              return 'email_taken' as const;
            throw err;
          }
        }),
      setPassword: (id, passwordHash, now) =>
        run(async (c) => void (await q.userSetPassword.run(c, { id, passwordHash, now }))),
    },

    sessions: {
      create: (session) => run(async (c) => void (await q.sessionInsert.run(c, { ...session }))),
      find: (tokenHash) => run((c) => q.sessionByHash.get(c, { tokenHash })),
      delete: (tokenHash) => run(async (c) => void (await q.sessionDelete.run(c, { tokenHash }))),
      deleteForUser: (userId, except) => run((c) => q.sessionDeleteForUser.run(c, { userId, except: except ?? '' })),
    },

    bindings: {
      findByUser: (userId) => run((c) => q.bindingByUser.get(c, { userId })),
      findByOpenid: (openid) => run((c) => q.bindingByOpenid.get(c, { openid })),
      insert: (binding) =>
        run((c) => insertBinding(c, { insert: q.bindingInsert, byOpenid: q.bindingByOpenid }, binding, 'user_taken')),
      delete: (userId) => run((c) => q.bindingDelete.get(c, { userId })),
      setSubscribed: (openid, subscribed, now) =>
        run((c) => q.bindingSetSubscribed.get(c, { openid, subscribed: Number(subscribed), now })),
    },

    scenes: {
      insert: (scene) =>
        run(async (c) => void (await q.sceneInsert.run(c, { ...scene, externalUserId: scene.externalUserId ?? null }))),
      get: (id) => run(async (c) => toScene(await (inTransaction ? q.sceneByIdLocked : q.sceneById).get(c, { id }))),
      findReusable: (userId, purpose, validUntil) =>
        run(async (c) => toScene(await q.sceneReusable.get(c, { userId, purpose, validUntil }))),
      findReusableLogin: (browserKeyHash, validUntil) =>
        run(async (c) => toScene(await q.sceneReusableLogin.get(c, { browserKeyHash, validUntil }))),
      transition: (id, fromStatuses, patch) =>
        run(async (c) =>
          toScene(
            await q.sceneTransition.get(c, {
              id,
              from: kit.list(fromStatuses),
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
      insert: (code) =>
        run(async (c) => {
          const row = await q.codeInsert.get(c, { ...code });
          if (!row) throw new Error('verification code insert returned no row');
          return row;
        }),
      findActive: (userId, now) => run((c) => q.codeActive.get(c, { userId, now })),
      addAttempt: (id) =>
        run(async (c) => (await q.codeAddAttempt.get(c, { id }))?.attempts ?? Number.MAX_SAFE_INTEGER),
      markUsed: (id, now) => run(async (c) => (await q.codeMarkUsed.run(c, { id, now })) === 1),
      retireForUser: (userId, now) => run(async (c) => void (await q.codeRetireForUser.run(c, { userId, now }))),
    },

    linkNonces: {
      isUsed: (nonce) => run(async (c) => (await q.nonceByValue.get(c, { nonce })) !== null),
      use: ({ nonce, openid, now, expiresAt }) =>
        run(async (c) => (await q.nonceUse.run(c, { nonce, openid, now, expiresAt })) === 1),
    },

    rateLimits: {
      hit: (key, limit, windowMs, now) =>
        run(async (c) => {
          const row = await q.rateLimitHit.get(c, { key, now, windowEndsAt: now + windowMs });
          if (!row) throw new Error('rate limit upsert returned no row');
          return { allowed: row.count <= limit, retryAfterMs: Math.max(0, row.windowEndsAt - now) };
        }),
    },

    audit: {
      add: (entry) => run(async (c) => void (await q.auditInsert.run(c, { ...entry }))),
      list: (f) =>
        run(async (c) =>
          (
            await q.auditList.all(c, {
              userId: f.userId ?? null,
              openid: f.openid ?? null,
              action: f.action ?? null,
            })
          ).map((row) => ({ ...row, detail: row.detail ?? null })),
        ),
    },

    replay: {
      remember: (key, bodyHash, ttlSeconds) =>
        run(async (c) => {
          const inserted = await q.replayInsert.run(c, { key, bodyHash, expiresAt: clock() + ttlSeconds * 1000 });
          if (inserted === 1) return 'new' as const;
          const seen = await q.replayByKey.get(c, { key });
          return seen?.bodyHash === bodyHash ? ('same' as const) : ('conflict' as const);
        }),
    },

    dedup: {
      claim: (key, leaseMs, ttlSeconds) =>
        run(async (c) => {
          const now = clock();
          const inserted = await q.dedupInsert.run(c, { key, now, expiresAt: now + ttlSeconds * 1000 });
          if (inserted === 1) return { state: 'claimed' as const };
          const row = await q.dedupByKey.get(c, { key });
          if (!row) return { state: 'busy' as const };
          if (row.reply !== null) return { state: 'done' as const, reply: row.reply };
          // The first delivery's handler died (or is slow past its lease): take the work over, once.
          const stolen = await q.dedupSteal.run(c, {
            key,
            now,
            seenClaimedAt: row.claimedAt,
            leaseStart: now - leaseMs,
          });
          return stolen === 1 ? { state: 'claimed' as const } : { state: 'busy' as const };
        }),
      complete: (key, reply) => run(async (c) => void (await q.dedupComplete.run(c, { key, reply }))),
      release: (key) => run(async (c) => void (await q.dedupRelease.run(c, { key }))),
    },

    windows: {
      open: (openid, kind, until, count) =>
        run(async (c) => void (await q.windowOpen[kind].run(c, { openid, until, count }))),
      take: (openid, now) =>
        run(async (c) => {
          for (const kind of ['event', 'message'] as const)
            if ((await q.windowTake[kind].run(c, { openid, now })) === 1) return kind;
          return null;
        }),
      close: (openid) => run(async (c) => void (await q.windowClose.run(c, { openid }))),
    },

    keywordCodes: {
      insert: (row) => run(async (c) => (await q.keywordInsert.run(c, { ...row })) === 1),
      forScene: (sceneId) => run(async (c) => (await q.keywordForScene.get(c, { sceneId }))?.code ?? null),
      use: (code, now) => run(async (c) => (await q.keywordUse.get(c, { code, now }))?.sceneId ?? null),
    },

    privacy: {
      forgetOpenid: (openid) =>
        run(async (c) => {
          await q.windowForget.run(c, { openid });
          await q.nonceForgetOpenid.run(c, { openid });
          await q.sceneForgetOpenid.run(c, { openid });
        }),
    },

    accessToken: (appId) => ({
      get: () => run((c) => q.tokenGet.get(c, { appId })),
      set: ({ token, expiresAt }) => run(async (c) => void (await q.tokenSet.run(c, { appId, token, expiresAt }))),
      clearIf: (token) => run(async (c) => (await q.tokenClearIf.run(c, { appId, token })) === 1),
    }),

    ...buildHostRepos(q.host, run),
    ...buildEventRepos(q.events, run, inTransaction ? run : (job) => kit.transaction(job)),

    transaction: (fn) => {
      if (txRepos === null) throw new Error('nested transactions are not supported');
      return kit.transaction((conn) => fn(txRepos(conn)));
    },
  };
}

/** Deletes expired rows in one transaction; returns how many went. */
export function cleanup(kit: DialectKit, q: Statements, now: number): Promise<number> {
  return kit.transaction(async (conn) => {
    let removed = 0;
    // One after another: a transaction is one connection, which runs one statement at a time.
    for (const statement of q.cleanup)
      removed += await statement.run(conn, { now, dayAgo: now - DAY, monthAgo: now - 30 * DAY });
    return removed;
  });
}
