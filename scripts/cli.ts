import { loadDatabaseUrl } from '../lib/config';
import { openDatabase } from '../lib/db';
import type { Database } from '../lib/db/types';
import { isAppError } from '../lib/errors';
import { t } from '../lib/i18n';

/**
 * Runs a command against the database DATABASE_URL names (the same one the server uses; changes take
 * effect there at once, no restart). A domain error prints one line and exits 1.
 */
export async function runCli(usage: string, fn: (db: Database, args: string[]) => Promise<void>): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h') {
    console.log(usage);
    process.exit(args.length === 0 ? 1 : 0);
  }
  let db: Database | null = null;
  try {
    db = await openDatabase(loadDatabaseUrl(), { now: Date.now });
    await fn(db, args);
  } catch (err) {
    if (isAppError(err)) console.error(`error: ${t('en', `error.${err.code}`)} (${err.code})`);
    else console.error(`error: ${(err as Error).message}`);
    process.exitCode = 1;
  } finally {
    await db?.close();
  }
}

export class UsageError extends Error {}
