// Issue 20's push tail: SQLite's WAL is copied back by a worker thread, not inside the app's COMMITs.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../../lib/db';
import { startCheckpointer } from '../../lib/db/sqlite-checkpointer';

const dir = mkdtempSync(path.join(os.tmpdir(), 'webind-ckpt-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const until = async (what: string, ok: () => boolean) => {
  const deadline = Date.now() + 5000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('the SQLite checkpointer', () => {
  it('copies the frames another connection commits, while that connection checkpoints nothing itself', async () => {
    const file = path.join(dir, 'a.db');
    const conn = new BetterSqlite3(file);
    conn.pragma('journal_mode = WAL');
    conn.pragma('wal_autocheckpoint = 0');
    conn.exec('create table t (id integer primary key, v text)');
    const insert = conn.prepare('insert into t (v) values (?)');
    const errors: string[] = [];
    const checkpointer = startCheckpointer(file, (m) => errors.push(m));
    try {
      for (let i = 0; i < 200; i++) insert.run('x'.repeat(500));
      await until('a checkpoint that copied the log', () => {
        const s = checkpointer.stats();
        return s.frames > 10 && s.copied === s.frames;
      });
      // Nothing left for this connection to copy: the worker did it.
      const [mine] = conn.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>;
      assert.equal(mine.checkpointed, mine.log);
      // The next write starts the log again from its beginning.
      insert.run('y');
      await until('the restarted log', () => checkpointer.stats().frames < 10);
      assert.deepEqual(errors, []);
    } finally {
      await checkpointer.stop();
      conn.close();
    }
    assert.equal(existsSync(`${file}-wal`), false, 'the last connection closed: no log left behind');
  });

  it('stops with the database: its connection is closed, so the last close removes the log', async () => {
    const file = path.join(dir, 'b.db');
    const db = await openDatabase(`file:${file}`, { now: Date.now });
    await db.ops.setState('probe', { ok: true }, Date.now());
    assert.ok(existsSync(`${file}-wal`));
    await db.close();
    assert.equal(existsSync(`${file}-wal`), false);
  });
});
