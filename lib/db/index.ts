import type { Database } from './types';

export type * from './types';

/**
 * Opens the one database named by DATABASE_URL and applies pending migrations:
 * `file:…` or `:memory:` → SQLite (embedded), `postgres://…` → PostgreSQL (several instances).
 * `now` is the clock the repositories read where a caller does not hand them the time.
 */
export async function openDatabase(url: string, opts: { now: () => number }): Promise<Database> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { openPostgres } = await import('./postgres');
    return openPostgres(url, opts);
  }
  const { openSqlite } = await import('./sqlite');
  return openSqlite(url === ':memory:' ? ':memory:' : url.replace(/^file:/, ''), opts);
}
