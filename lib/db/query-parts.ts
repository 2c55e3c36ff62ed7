/**
 * The pieces every repository file builds its statements from (lib/db/repos.ts, host-repos.ts,
 * event-repos.ts, oidc-repo.ts): named placeholders, the optional filter, the lookup by one column.
 */
import { eq, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Conn, Db } from './repos';

/** A named placeholder, filled in each time the prepared statement runs. */
export const p = (name: string) => sql.placeholder(name);

/** A placeholder in SET: passed to the driver as given (no column mapping), so booleans go as 0/1. */
export const v = (name: string) => sql`${p(name)}`;

/**
 * `column = :name`, or every row when `:name` is null. The cast lets PostgreSQL type a parameter it
 * only sees compared with null.
 */
export const eqUnlessNull = (column: PgColumn, name: string, type: 'text' | 'integer'): SQL =>
  sql`(cast(${p(name)} as ${sql.raw(type)}) is null or ${column} = ${p(name)})`;

/**
 * `select * from table where <key> = :<key>`: the lookup by one column (its placeholder has the
 * column's name).
 */
export function rowsWhere<T extends PgTable, K extends keyof T['$inferSelect'] & string>(db: Db, table: T, key: K) {
  const column = (table as unknown as Record<K, PgColumn>)[key];
  return db
    .select()
    .from(table as PgTable)
    .where(eq(column, p(key))) as unknown as { execute(): Promise<Array<T['$inferSelect']>> };
}

/** Runs one job on a connection (the caller's transaction when inside one). */
export type Runner = <T>(fn: (conn: Conn) => Promise<T>) => Promise<T>;
