// CPU per `repos.transaction()` holding one read, in process, on a SQLite file: the fixed cost every scan's
// transaction pays around its statements (issue 20).
//
//   npx tsx test/bench/tx-cost.ts
//
// Prints five rounds of 50,000 transactions each, after a warm-up of 20,000.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../lib/db';
import { round } from './stats';

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'webind-tx-cost-'));
  const db = await openDatabase(`file:${path.join(dir, 'tx.db')}`, { now: Date.now });
  try {
    const microsPerTransaction = async (n: number) => {
      const start = process.cpuUsage();
      for (let i = 0; i < n; i++) await db.repos.transaction((tx) => tx.scenes.get(`scene-${i % 10}`));
      const used = process.cpuUsage(start);
      return round((used.user + used.system) / n, 2);
    };
    await microsPerTransaction(20_000);
    const rounds: number[] = [];
    for (let r = 0; r < 5; r++) rounds.push(await microsPerTransaction(50_000));
    console.log(`CPU per transaction with one read, five rounds: ${rounds.join(', ')} µs`);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
