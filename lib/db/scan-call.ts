import type pg from 'pg';
import type { ScanCallInput, ScanCallRepo, ScanCallResult, Scene, VerifyCallResult } from './types';

/** The function drizzle/pg/0009_scan_in_one_call.sql creates, as one named statement (parsed and planned once per connection). */
const STATEMENT = {
  name: 'webind_scan',
  text:
    'select webind_scan($1::bigint, $2::text, $3::text, $4::text[], $5::bigint, $6::integer, $7::boolean, ' +
    '$8::text, $9::text, $10::text, $11::text, $12::text, $13::bigint, $14::text, $15::bigint, $16::bigint, ' +
    '$17::bigint, $18::integer) as r',
};

const VERIFY_STATEMENT = {
  name: 'webind_verify_scan',
  text:
    'select webind_verify_scan($1::bigint, $2::text, $3::text, $4::text[], $5::integer, $6::text, $7::boolean, ' +
    '$8::text, $9::integer, $10::text, $11::integer, $12::bigint, $13::text, $14::bigint, $15::integer) as r',
};

type SceneRow = Record<string, unknown> | null | undefined;

/** A scenes row as row_to_json gives it (snake_case) → the repositories' Scene. */
function sceneOf(row: SceneRow): Scene | undefined {
  if (!row) return undefined;
  return {
    id: row.id as string,
    purpose: row.purpose as Scene['purpose'],
    status: row.status as Scene['status'],
    userId: (row.user_id as number | null) ?? null,
    externalUserId: (row.external_user_id as string | null) ?? null,
    openid: (row.openid as string | null) ?? null,
    browserKeyHash: (row.browser_key_hash as string | null) ?? null,
    qrContent: row.qr_content as string,
    detail: (row.detail as Scene['detail']) ?? null,
    ip: (row.ip as string | null) ?? null,
    userAgent: (row.user_agent as string | null) ?? null,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    expiresAt: Number(row.expires_at),
  };
}

/** PostgreSQL's ScanCallRepo: one round trip, one commit per scan push. */
export function createScanCall(
  pool: pg.Pool,
  clock: () => number,
  counters: { roundTrips: number; commits: number },
): ScanCallRepo {
  // Both functions take the scan's (now, openid, scene, allowed moves) first and its lock timeout last.
  const call = async (
    statement: { name: string; text: string },
    input: Pick<ScanCallInput, 'now' | 'openid' | 'sceneId' | 'moves' | 'lockTimeoutMs'>,
    values: unknown[],
  ) => {
    counters.roundTrips += 1;
    counters.commits += 1;
    const { now, openid, sceneId, moves, lockTimeoutMs } = input;
    const lockTimeout = lockTimeoutMs === null ? null : Math.max(1, Math.floor(lockTimeoutMs));
    const { rows } = await pool.query<{ r: Record<string, unknown> }>({
      ...statement,
      values: [now, openid, sceneId, moves, ...values, lockTimeout],
    });
    const r = rows[0]?.r;
    if (!r) throw new Error(`${statement.name} returned nothing`);
    return { ...r, scene: sceneOf(r.scene as SceneRow), moved: sceneOf(r.moved as SceneRow) };
  };
  return {
    async verify(input) {
      const { owner, limits } = input;
      return (await call(VERIFY_STATEMENT, input, [
        owner?.id ?? null,
        owner?.account ?? null,
        input.checkLimits,
        limits.openidKey,
        limits.openidMax,
        limits.userKey,
        limits.userMax,
        limits.windowEndsAt,
        input.code.hash,
        input.code.expiresAt,
      ])) as VerifyCallResult;
    },
    async scan(input) {
      const at = clock();
      const { replay, dedup, window } = input;
      return (await call(STATEMENT, input, [
        window?.until ?? null,
        window?.count ?? null,
        input.loginReadyIfBound,
        input.noEmailAccount,
        input.event.id,
        input.event.payload,
        replay?.key ?? null,
        replay?.bodyHash ?? null,
        replay ? at + replay.ttlSeconds * 1000 : null,
        dedup?.key ?? null,
        dedup ? at : null,
        dedup ? at + dedup.ttlSeconds * 1000 : null,
        dedup ? at - dedup.leaseMs : null,
      ])) as ScanCallResult;
    },
  };
}
