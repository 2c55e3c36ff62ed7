import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { is } from 'drizzle-orm';
import { defineSchema, pgColumns } from '../../lib/db/schema';
import * as pgSchema from '../../lib/db/schema-pg';
import * as sqliteSchema from '../../lib/db/schema-sqlite';

// drizzle-kit builds each dialect's migrations from its schema file's exported tables: a table the
// definition has but a file forgot to export would be dropped by the next `npm run db:generate`.
describe('the one schema definition', () => {
  const names = Object.keys(defineSchema(pgColumns)).sort();
  const pgTables: Record<string, PgTable> = { ...pgSchema };
  const sqliteTables: Record<string, SQLiteTable> = { ...sqliteSchema } as never;

  it('is exported whole by both dialects, each with its own tables', () => {
    assert.deepEqual(Object.keys(pgTables).sort(), names);
    assert.deepEqual(Object.keys(sqliteTables).sort(), names);
    for (const name of names) {
      assert.ok(is(pgTables[name], PgTable), name);
      assert.ok(is(sqliteTables[name], SQLiteTable), name);
    }
  });

  it('gives both dialects the same tables, columns, indexes and checks', () => {
    for (const name of names) {
      const pg = pgTableConfig(pgTables[name]);
      const lite = sqliteTableConfig(sqliteTables[name]);
      assert.equal(pg.name, lite.name);
      assert.deepEqual(
        pg.columns.map((c) => [c.name, c.notNull, c.primary, c.isUnique]),
        lite.columns.map((c) => [c.name, c.notNull, c.primary, c.isUnique]),
        name,
      );
      assert.deepEqual(
        pg.indexes.map((i) => i.config.name),
        lite.indexes.map((i) => i.config.name),
        name,
      );
      assert.deepEqual(
        pg.checks.map((c) => c.name),
        lite.checks.map((c) => c.name),
        name,
      );
      assert.equal(pg.foreignKeys.length, lite.foreignKeys.length, name);
    }
  });
});
