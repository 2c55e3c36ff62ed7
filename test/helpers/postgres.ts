import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server the tests use (trust auth on this machine). */
export const PG_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function onAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  // CREATE/DROP DATABASE run from the maintenance database, never from the one being dropped.
  const client = new pg.Client({ connectionString: withDatabase(PG_URL, 'postgres'), connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** null when reachable, else why not. */
export async function postgresReachable(): Promise<string | null> {
  try {
    await onAdmin((c) => c.query('select 1'));
    return null;
  } catch (err) {
    return (err as Error).message || String(err);
  }
}

/** A fresh database of its own (webind_test_<random>), so test files can run in parallel. */
export async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `webind_test_${randomBytes(6).toString('hex')}`;
  await onAdmin((c) => c.query(`create database ${name}`));
  return {
    url: withDatabase(PG_URL, name),
    drop: () => onAdmin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}
