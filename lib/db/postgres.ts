import { numberPlaceholders, opsRepo } from './ops';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { createOidcRepo } from './oidc-repo';
import { batchedDedupComplete, coalescingNotifyPool } from './pg-batch';
import { createScanCall } from './scan-call';
import { type Conn, cleanup, createRepos, type DialectKit, type Db, isWrite, prepareStatements } from './repos';
import * as s from './schema-pg';
import type { Database } from './types';

/**
 * Session-level advisory lock held while migrating ('WeBindMg' as a bigint), so instances that start
 * together apply migrations one at a time; the later ones then find nothing left to do.
 */
const MIGRATION_LOCK = '6297512674538573159';

export async function openPostgres(
  url: string,
  opts: { now: () => number; migrationsFolder?: string },
): Promise<Database> {
  const migrationsFolder = opts.migrationsFolder ?? path.resolve('drizzle/pg');
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
  const counters = { commits: 0, roundTrips: 0, notifyRoundTrips: 0 };
  const names = new Set<string>();
  const kit: DialectKit = {
    db: db as unknown as Db,
    schema: s,
    prepare(name, query) {
      // node-postgres keeps one statement per name on a connection: a name given to two queries fails the second.
      if (names.has(name)) throw new Error(`prepared statement name ${name} is used twice`);
      names.add(name);
      // A named statement: node-postgres parses and plans it once per connection, then only binds.
      const statement = (query as unknown as { prepare(name: string): PgPrepared }).prepare(name);
      const write = isWrite(query);
      const execute = (conn: Conn, params?: Record<string, unknown>) => {
        counters.roundTrips += 1;
        // Outside a transaction a write is its own commit.
        if (conn === pool) {
          if (write) counters.commits += 1;
          return statement.execute(params);
        }
        return (Object.create(statement, { client: { value: conn } }) as PgPrepared).execute(params);
      };
      return {
        all: async (conn, params) => (await execute(conn, params)) as never[],
        get: async (conn, params) => ((await execute(conn, params)) as never[])[0] ?? null,
        run: async (conn, params) => ((await execute(conn, params)) as pg.QueryResult).rowCount ?? 0,
      };
    },
    forUpdate: (query) => (query as unknown as { for(strength: 'update'): typeof query }).for('update'),
    inList: (column, name) => sql`${column} = any(${sql.placeholder(name)})`,
    list: (values) => [...values],
    run: (fn) => fn(pool),
    transaction: async (fn) => {
      const client = await pool.connect();
      let broken = false;
      try {
        counters.roundTrips += 2; // BEGIN, COMMIT or ROLLBACK
        await client.query('begin');
        const result = await fn(client);
        await client.query('commit');
        counters.commits += 1;
        return result;
      } catch (err) {
        broken = await client.query('rollback').then(
          () => false,
          () => true,
        );
        throw err;
      } finally {
        client.release(broken);
      }
    },
  };
  const statements = prepareStatements(kit);
  const repos = createRepos(kit, statements, opts.now);
  // lib/db/ops.ts's statements are a few dozen constant texts (the audit search's filters combine into at
  // most 64): each is a named statement, parsed and planned once per connection like the repositories'.
  const opsNames = new Map<string, string>();
  const opsStatement = (text: string, values: unknown[]) => {
    let name = opsNames.get(text);
    if (!name) {
      name = `webind_ops_${opsNames.size + 1}`;
      opsNames.set(text, name);
    }
    return { name, text: numberPlaceholders(text), values };
  };

  return {
    dialect: 'postgres',
    pgPool: coalescingNotifyPool(pool, counters),
    repos: {
      ...repos,
      dedup: { ...repos.dedup, complete: batchedDedupComplete(pool, counters) },
      scanCall: createScanCall(pool, opts.now, counters),
    },
    oidc: createOidcRepo(kit),
    cleanup: (now) => cleanup(kit, statements, now),
    ops: opsRepo({
      run: async (sql, params) => void (await pool.query(opsStatement(sql, params))),
      all: async (sql, params) => (await pool.query(opsStatement(sql, params))).rows,
    }),
    ping: async () => void (await pool.query('select 1')),
    close: () => pool.end(),
    stats: () => ({
      commits: counters.commits,
      statements: counters.roundTrips,
      roundTrips: counters.roundTrips,
      notifyRoundTrips: counters.notifyRoundTrips,
    }),
  };
}

/**
 * drizzle's prepared PostgreSQL query: it runs on its `client`, so a copy whose `client` is a
 * transaction's connection runs the same prepared statement inside that transaction.
 */
interface PgPrepared {
  execute(params?: Record<string, unknown>): Promise<unknown>;
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
