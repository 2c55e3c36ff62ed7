/**
 * The OpenID Provider's repository (its models and signing keys), written once for both dialects on
 * the same DialectKit as lib/db/repos.ts: every statement prepared once, run through the kit (SQLite:
 * the group-commit queue; PostgreSQL: the pool). Payloads are JSON text on both dialects.
 */
import { and, asc, eq, isNotNull, isNull, lt, ne, sql } from 'drizzle-orm';
import { p, v } from './query-parts';
import type { DialectKit } from './repos';
import type { OidcKey, OidcModelRow, OidcRepo } from './types';

function prepareOidcStatements(kit: DialectKit) {
  const { db, schema: s } = kit;
  const m = s.oidcModels;
  const k = s.oidcKeys;
  const prep = kit.prepare.bind(kit);
  const byModel = (column: typeof m.id | typeof m.uid | typeof m.userCode) =>
    db
      .select({ payload: m.payload, expiresAt: m.expiresAt, consumedAt: m.consumedAt })
      .from(m)
      .where(and(eq(m.model, p('model')), eq(column, p('value'))))
      .limit(1);
  return {
    upsert: prep(
      'webind_oidc_upsert',
      db
        .insert(m)
        .values({
          model: p('model'),
          id: p('id'),
          payload: p('payload'),
          grantId: p('grantId'),
          uid: p('uid'),
          userCode: p('userCode'),
          expiresAt: p('expiresAt'),
        })
        .onConflictDoUpdate({
          target: [m.model, m.id],
          set: {
            payload: v('payload'),
            grantId: v('grantId'),
            uid: v('uid'),
            userCode: v('userCode'),
            expiresAt: v('expiresAt'),
            consumedAt: sql`null`,
          },
        }),
    ),
    byId: prep('webind_oidc_by_id', byModel(m.id)),
    byUid: prep('webind_oidc_by_uid', byModel(m.uid)),
    byUserCode: prep('webind_oidc_by_user_code', byModel(m.userCode)),
    consume: prep(
      'webind_oidc_consume',
      db
        .update(m)
        .set({ consumedAt: v('now') })
        .where(and(eq(m.model, p('model')), eq(m.id, p('id')))),
    ),
    destroy: prep('webind_oidc_destroy', db.delete(m).where(and(eq(m.model, p('model')), eq(m.id, p('id'))))),
    destroyGrantTokens: prep('webind_oidc_destroy_grant_tokens', db.delete(m).where(eq(m.grantId, p('grantId')))),
    destroyGrant: prep(
      'webind_oidc_destroy_grant',
      db.delete(m).where(and(eq(m.model, 'Grant'), eq(m.id, p('grantId')))),
    ),
    cleanupModels: prep(
      'webind_oidc_cleanup_models',
      db.delete(m).where(and(isNotNull(m.expiresAt), lt(m.expiresAt, p('now')))),
    ),
    cleanupKeys: prep(
      'webind_oidc_cleanup_keys',
      db.delete(k).where(and(isNotNull(k.retiredAt), lt(k.retiredAt, p('retiredBefore')))),
    ),
    listKeys: prep('webind_oidc_list_keys', db.select().from(k).orderBy(asc(k.createdAt), asc(k.kid))),
    insertKey: prep(
      'webind_oidc_insert_key',
      db.insert(k).values({ kid: p('kid'), jwk: p('jwk'), createdAt: p('createdAt'), retiredAt: p('retiredAt') }),
    ),
    retireKeysExcept: prep(
      'webind_oidc_retire_keys',
      db
        .update(k)
        .set({ retiredAt: v('now') })
        .where(and(ne(k.kid, p('kid')), isNull(k.retiredAt))),
    ),
  };
}

const toRow = (row: { payload: string; expiresAt: number | null; consumedAt: number | null } | null) =>
  row
    ? ({ payload: JSON.parse(row.payload), expiresAt: row.expiresAt, consumedAt: row.consumedAt } as OidcModelRow)
    : null;

export function createOidcRepo(kit: DialectKit): OidcRepo {
  const q = prepareOidcStatements(kit);
  const run = kit.run.bind(kit);
  return {
    upsert: (model, id, payload, index) =>
      run(async (c) => {
        await q.upsert.run(c, {
          model,
          id,
          payload: JSON.stringify(payload),
          grantId: index.grantId ?? null,
          uid: index.uid ?? null,
          userCode: index.userCode ?? null,
          expiresAt: index.expiresAt,
        });
      }),
    find: (model, id) => run(async (c) => toRow(await q.byId.get(c, { model, value: id }))),
    findByUid: (model, uid) => run(async (c) => toRow(await q.byUid.get(c, { model, value: uid }))),
    findByUserCode: (model, userCode) => run(async (c) => toRow(await q.byUserCode.get(c, { model, value: userCode }))),
    consume: (model, id, now) => run(async (c) => void (await q.consume.run(c, { model, id, now }))),
    destroy: (model, id) => run(async (c) => void (await q.destroy.run(c, { model, id }))),
    revokeByGrantId: (grantId) =>
      kit.transaction(async (c) => {
        await q.destroyGrantTokens.run(c, { grantId });
        await q.destroyGrant.run(c, { grantId });
      }),
    cleanup: (now, retiredBefore) =>
      kit.transaction(
        async (c) => (await q.cleanupModels.run(c, { now })) + (await q.cleanupKeys.run(c, { retiredBefore })),
      ),
    listKeys: () =>
      run(async (c) =>
        (await q.listKeys.all(c)).map(
          (r): OidcKey => ({ kid: r.kid, jwk: JSON.parse(r.jwk), createdAt: r.createdAt, retiredAt: r.retiredAt }),
        ),
      ),
    insertKey: (key) =>
      run(
        async (c) =>
          void (await q.insertKey.run(c, {
            kid: key.kid,
            jwk: JSON.stringify(key.jwk),
            createdAt: key.createdAt,
            retiredAt: key.retiredAt,
          })),
      ),
    retireKeysExcept: (keepKid, now) => run((c) => q.retireKeysExcept.run(c, { kid: keepKid, now })),
  };
}
