// SQLite's group commit (lib/db/sqlite.ts): what a job's settling promises about its writes. Another
// connection sees only what has committed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../../lib/db';

const dir = mkdtempSync(path.join(os.tmpdir(), 'webind-group-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the SQLite group commit', () => {
  it('a job settles after its commit; a webhook record settles before it, and commits with the next job', async () => {
    const file = path.join(dir, 'g.db');
    const db = await openDatabase(`file:${file}`, { now: Date.now });
    const other = new BetterSqlite3(file, { readonly: true });
    const seen = (table: string, column: string, value: string) =>
      other.prepare(`select count(*) as n from ${table} where ${column} = ?`).get(value) as { n: number };
    try {
      assert.equal(await db.repos.replay.remember('t:n:s', 'body', 300), 'new');
      assert.equal(seen('webhook_replay', 'key', 't:n:s').n, 0, 'the replay record settled before its commit');
      await db.ops.setState('probe', { ok: true }, Date.now());
      assert.equal(seen('ops_state', 'key', 'probe').n, 1, 'an ordinary job settles after its commit');
      assert.equal(seen('webhook_replay', 'key', 't:n:s').n, 1, 'and the record committed with it');
      assert.equal(db.stats().commits, 1, 'one commit for both');
    } finally {
      other.close();
      await db.close();
    }
  });
});
