import { opsRepo } from './ops';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { createOidcRepo } from './oidc-repo';
import { cleanup, createRepos, type DialectKit, type Db, prepareStatements } from './repos';
import type { Schema } from './schema';
import * as s from './schema-sqlite';
import type { Database } from './types';

/**
 * better-sqlite3 runs every statement synchronously on one connection. Transactions are async in the
 * Repos interface (so the same domain code runs on PostgreSQL), so all access is serialised through
 * this queue: nothing can interleave with an open transaction.
 *
 * It also commits in groups. A commit costs far more than a statement (it writes the WAL), so the jobs
 * waiting at one moment run inside one transaction and share its commit; a `transaction()` job is a
 * SAVEPOINT inside it. No job's promise settles before the commit that makes its writes durable, so
 * nothing is acknowledged before it is on disk. A group starts on the next turn of the event loop
 * (setImmediate), so everything queued by the callbacks of one turn — the requests that arrived
 * together — shares one commit; a lone job waits one turn, microseconds.
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

  /** Commits so far (one per group). */
  commits = 0;

  run<T>(job: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ job, resolve: resolve as (v: unknown) => void, reject });
      if (!this.running) {
        this.running = true;
        // Drain on the next turn of the event loop, not now: the jobs that the requests read in this
        // turn queue up behind this one and share its commit. Draining at once committed each alone.
        this.draining = new Promise<void>((start) => setImmediate(start)).then(() => this.drain());
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
        this.commits += 1;
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

/** What a drizzle SQLite query offers once prepared (better-sqlite3 runs it synchronously). */
interface SqlitePrepared {
  all(params?: Record<string, unknown>): unknown[];
  get(params?: Record<string, unknown>): unknown;
  run(params?: Record<string, unknown>): { changes: number };
}

export function openSqlite(file: string, opts: { now: () => number; migrationsFolder?: string }): Database {
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
  migrate(db, { migrationsFolder: opts.migrationsFolder ?? path.resolve('drizzle/sqlite') });
  const broken = conn.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`database: ${broken.length} rows violate foreign keys after migration`);
  conn.pragma('foreign_keys = ON');

  const queue = new GroupCommitQueue(conn);
  const counters = { statements: 0 };
  const [savepoint, release, rollbackTo] = ['SAVEPOINT tx', 'RELEASE tx', 'ROLLBACK TO tx'].map((statement) =>
    conn.prepare(statement),
  );

  // The SQLite half of the dialect kit. The queries in lib/db/repos.ts are typed with drizzle's
  // PostgreSQL builders; drizzle's SQLite builders answer the same calls, so they go through as is.
  const kit: DialectKit = {
    db: db as unknown as Db,
    schema: s as unknown as Schema,
    prepare(_name, query) {
      const statement = (query as unknown as { prepare(): SqlitePrepared }).prepare();
      return {
        all: async (_conn, params) => {
          counters.statements += 1;
          return statement.all(params) as never[];
        },
        get: async (_conn, params) => {
          counters.statements += 1;
          return (statement.get(params) ?? null) as never;
        },
        run: async (_conn, params) => {
          counters.statements += 1;
          return statement.run(params).changes;
        },
      };
    },
    // BEGIN IMMEDIATE already holds the whole database for the writer.
    forUpdate: (query) => query,
    inList: (column, name) => sql`${column} in (select value from json_each(${sql.placeholder(name)}))`,
    list: (values) => JSON.stringify(values),
    run: (fn) => queue.run(() => fn(null)),
    // A transaction is a SAVEPOINT inside the group's transaction: its rollback undoes only its own writes.
    transaction: (fn) =>
      queue.run(async () => {
        savepoint.run();
        counters.statements += 2; // SAVEPOINT and RELEASE
        try {
          const result = await fn(null);
          release.run();
          return result;
        } catch (err) {
          rollbackTo.run();
          release.run();
          counters.statements += 1;
          throw err;
        }
      }),
  };
  const statements = prepareStatements(kit);
  const pingStatement = conn.prepare('select 1');
  const opsStatements = new Map<string, BetterSqlite3.Statement>();
  const prepared = (text: string) => {
    let statement = opsStatements.get(text);
    if (!statement) {
      statement = conn.prepare(text);
      opsStatements.set(text, statement);
    }
    return statement;
  };

  return {
    dialect: 'sqlite',
    repos: createRepos(kit, statements, opts.now),
    oidc: createOidcRepo(kit),
    cleanup: (now) => cleanup(kit, statements, now),
    ping: () => queue.run(() => void pingStatement.get()),
    // lib/db/ops.ts's statements are a handful of constant texts: each is prepared the first time only.
    ops: opsRepo({
      run: (sql, params) =>
        queue.run(() => {
          counters.statements += 1;
          void prepared(sql).run(...(params as never[]));
        }),
      all: (sql, params) =>
        queue.run(() => {
          counters.statements += 1;
          return prepared(sql).all(...(params as never[])) as never[];
        }),
    }),
    close: async () => {
      await queue.idle();
      conn.close();
    },
    // Each group is BEGIN IMMEDIATE … COMMIT.
    stats: () => ({
      commits: queue.commits,
      statements: counters.statements + 2 * queue.commits,
      roundTrips: 0,
      notifyRoundTrips: 0,
    }),
  };
}
