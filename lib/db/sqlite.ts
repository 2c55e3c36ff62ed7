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

/** How many more turns of the event loop a group stays open for the next jobs of early jobs' callers. */
const EXTRA_TURNS = 3;

type Job = {
  job: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  beforeCommit: boolean;
};

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
 *
 * The one exception is a job queued with `beforeCommit`: a record its caller goes on from at once and
 * acknowledges nothing by (a webhook's replay record and dedup claim, a service window). It settles as
 * soon as it has run, and the group stays open a few more turns for the caller's next job, so a push's
 * records and its handling share a commit instead of committing one by one (six commits per scan were
 * measured, each with its own BEGIN, COMMIT and loop turn: issue 20). Whatever the caller acknowledges
 * comes from a later job that settles only after a commit, and groups commit in order, so that commit
 * includes the early job's writes. If a commit fails (a disk error), its group's early writes are lost:
 * an acknowledging job in the same group fails with it; one in a later group goes on without them (a
 * replay record or dedup claim missing), which WeChat's redelivery and the idempotent handlers absorb.
 */
class GroupCommitQueue {
  private pending: Job[] = [];
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

  run<T>(job: () => T | Promise<T>, beforeCommit = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ job, resolve: resolve as (v: unknown) => void, reject, beforeCommit });
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
      try {
        this.begin.run();
      } catch (error) {
        for (const { reject } of this.pending.splice(0, this.maxBatch)) reject(error);
        continue;
      }
      // The jobs that settle with the commit, and how each ended.
      const waiting: Array<{ entry: Job; ok: boolean; value: unknown }> = [];
      let taken = 0;
      for (let turns = 0; ; turns++) {
        let early = false;
        // The jobs queued now; what their callers queue meanwhile waits for the next pass (or group), after
        // the loop has had a turn for I/O: one pass never holds the loop longer than before.
        for (let n = Math.min(this.pending.length, this.maxBatch - taken); n > 0; n--) {
          const entry = this.pending.shift() as Job;
          taken += 1;
          let ok = true;
          let value: unknown;
          try {
            value = await entry.job();
          } catch (error) {
            ok = false;
            value = error;
          }
          if (entry.beforeCommit) {
            early = true;
            if (ok) entry.resolve(value);
            else entry.reject(value);
          } else waiting.push({ entry, ok, value });
        }
        // An early job's caller queues its next job within the turn: keep the group open for it, for a few
        // turns at most (a push's replay record, dedup claim and window come one after another), so that
        // under load the jobs that wait for the commit are not held for long.
        if (!early || taken >= this.maxBatch || turns >= EXTRA_TURNS) break;
        await new Promise<void>((next) => setImmediate(next));
        if (this.pending.length === 0) break;
      }
      try {
        this.commit.run();
        this.commits += 1;
      } catch (error) {
        if (this.conn.inTransaction) this.rollback.run();
        for (const { entry } of waiting) entry.reject(error);
        continue;
      }
      for (const { entry, ok, value } of waiting) {
        if (ok) entry.resolve(value);
        else entry.reject(value);
      }
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
    run: (fn, beforeCommit) => queue.run(() => fn(null), beforeCommit),
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
