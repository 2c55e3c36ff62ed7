/**
 * The pieces every repository file builds its statements from (lib/db/repos.ts, host-repos.ts,
 * event-repos.ts, oidc-repo.ts): named placeholders, the optional filter, and the statement shapes they
 * share (the lookup, delete and update by one column, the insert a unique key may refuse, the stamp set
 * once, the counter bumped), so each is written once.
 */
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgInsertValue, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Conn, Db, Prepared } from './repos';

/** A named placeholder, filled in each time the prepared statement runs. */
export const p = (name: string) => sql.placeholder(name);

/** `{ a: :a, b: :b }`: a row's values from placeholders named like its columns. */
export const placeholders = <K extends string>(...names: K[]) =>
  Object.fromEntries(names.map((name) => [name, p(name)])) as Record<K, ReturnType<typeof p>>;

/** A placeholder in SET: passed to the driver as given (no column mapping), so booleans go as 0/1. */
export const v = (name: string) => sql`${p(name)}`;

/**
 * `column = :name`, or every row when `:name` is null. The cast lets PostgreSQL type a parameter it
 * only sees compared with null.
 */
export const eqUnlessNull = (column: PgColumn, name: string, type: 'text' | 'integer'): SQL =>
  sql`(cast(${p(name)} as ${sql.raw(type)}) is null or ${column} = ${p(name)})`;

/**
 * `select * from table where <key> = :<key> [order by …]`: the lookup by one column (its placeholder
 * has the column's name).
 */
export function rowsWhere<T extends PgTable, K extends ColumnKey<T>>(db: Db, table: T, key: K, ...order: SQL[]) {
  return db
    .select()
    .from(table as PgTable)
    .where(eq(columnOf(table, key), p(key)))
    .orderBy(...order) as unknown as { execute(): Promise<Array<T['$inferSelect']>> };
}

/**
 * `insert into table (…) values (:…) on conflict do nothing`, the values from placeholders named like
 * the columns: a row a unique key may refuse (add `.returning(…)` to learn whether it went in).
 */
export function insertIfNew<T extends PgTable>(db: Db, table: T, ...columns: Array<ColumnKey<T>>) {
  return db
    .insert(table)
    .values(placeholders(...columns) as PgInsertValue<T>)
    .onConflictDoNothing();
}

/** `delete from table where <key> = :<key>` (add `.returning()` for the rows it removed). */
export function deleteWhere<T extends PgTable>(db: Db, table: T, key: ColumnKey<T>) {
  return db.delete(table).where(eq(columnOf(table, key), p(key)));
}

/**
 * `update table set … where <key> = :<key> [and …]`: the update of one row by one column (its
 * placeholder has the column's name), under any further conditions (a compare-and-set's).
 */
export function updateWhere<T extends PgTable>(
  db: Db,
  table: T,
  key: ColumnKey<T>,
  set: PgUpdateSetSource<T>,
  ...also: Array<SQL | undefined>
) {
  return db
    .update(table as PgTable)
    .set(set as PgUpdateSetSource<PgTable>)
    .where(and(eq(columnOf(table, key), p(key)), ...also));
}

/**
 * `update table set <stamp> = :now where <key> = :<key> and <stamp> is null [and …]`: sets a row's
 * stamp once (a code used, a key revoked); it changes no row the second time.
 */
export function stampOnce<T extends PgTable>(db: Db, table: T, stamp: ColumnKey<T>, key: ColumnKey<T>, ...also: SQL[]) {
  const set = { [stamp]: v('now') } as PgUpdateSetSource<T>;
  return updateWhere(db, table, key, set, isNull(columnOf(table, stamp)), ...also);
}

/**
 * `update table set <counter> = <counter> + 1 where id = :id returning <counter> as <as>`: the counter's
 * new value, or no row when there is no such id.
 */
export function incrementById<T extends PgTable, C extends ColumnKey<T>, A extends string>(
  db: Db,
  table: T,
  counter: C,
  as: A,
) {
  const column = columnOf(table, counter);
  return db
    .update(table as PgTable)
    .set({ [counter]: sql`${column} + 1` })
    .where(eq(columnOf(table, 'id'), p('id')))
    .returning({ [as]: column }) as unknown as { execute(): Promise<Array<Record<A, T['$inferSelect'][C]>>> };
}

type ColumnKey<T extends PgTable> = keyof T['$inferSelect'] & string;

/** A table's column by its property name. */
const columnOf = <T extends PgTable>(table: T, key: string) => (table as unknown as Record<string, PgColumn>)[key];

/**
 * Inserts a binding (its statement is ON CONFLICT DO NOTHING … RETURNING) and, when a unique key
 * refused it, says which: `openid_taken` when the openid is bound already, else `otherTaken`.
 */
export async function insertBinding<Taken extends string>(
  conn: Conn,
  statements: { insert: Prepared<unknown>; byOpenid: Prepared<unknown> },
  binding: { openid: string },
  otherTaken: Taken,
): Promise<'ok' | 'openid_taken' | Taken> {
  if (await statements.insert.get(conn, { ...binding })) return 'ok';
  return (await statements.byOpenid.get(conn, { openid: binding.openid })) ? 'openid_taken' : otherTaken;
}

/** Runs one job on a connection (the caller's transaction when inside one). */
export type Runner = <T>(fn: (conn: Conn) => Promise<T>) => Promise<T>;
