import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';

async function rateLimitRows(server: TestServer): Promise<number> {
  const url = server.services.config.databaseUrl;
  if (url.startsWith('postgres')) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return Number((await client.query('SELECT count(*) AS n FROM rate_limits')).rows[0].n);
    } finally {
      await client.end();
    }
  }
  const db = new Sqlite(url.slice('file:'.length), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM rate_limits').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('nobody can lock an account out (issue 13, item 4)', () => {
  let server: TestServer;
  // TRUST_PROXY=1: the address is the one the (test's) proxy names in X-Forwarded-For.
  before(async () => {
    server = await startTestServer({ TRUST_PROXY: '1' });
  });
  after(() => server.stop());
  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const login = (ip: string, email: string, password: string) =>
    new TestClient(server.url).post('/api/auth/login', { email, password }, from(ip));

  it('lets the owner in from another address while an attacker hammers the account', async () => {
    const email = `owner-${Date.now()}@example.com`;
    const reg = await new TestClient(server.url).post(
      '/api/auth/register',
      { email, password: 'owner password' },
      from('198.51.100.1'),
    );
    assert.equal(reg.status, 201);
    const attacker: number[] = [];
    for (let i = 0; i < 15; i++) attacker.push((await login('203.0.113.66', email, `guess ${i} guess`)).status);
    assert.deepEqual(attacker.slice(0, 5), Array(5).fill(401));
    assert.ok(
      attacker.slice(5).every((s) => s === 429),
      `the attacker is slowed down: ${attacker}`,
    );
    const owner = await login('198.51.100.23', email, 'owner password');
    assert.equal(owner.status, 200, 'the owner, from a fresh address, logs in');
  });

  it('refuses an address over its limit before counting or storing anything for other accounts', async () => {
    const ip = '203.0.113.99';
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) statuses.push((await login(ip, `spray${i}@example.com`, 'wrong password')).status);
    assert.ok(
      statuses.every((s) => s === 401),
      'fifty tries are allowed',
    );
    const rowsBefore = await rateLimitRows(server);
    for (let i = 50; i < 80; i++) {
      const res = await login(ip, `spray${i}@example.com`, 'wrong password');
      assert.equal(res.status, 429);
    }
    assert.equal(await rateLimitRows(server), rowsBefore, 'no row per new e-mail once throttled');
    // And it spent nobody else's budget: a victim's owner is untouched.
    const victim = `victim-${Date.now()}@example.com`;
    await new TestClient(server.url).post(
      '/api/auth/register',
      { email: victim, password: 'victim password' },
      from('198.51.100.7'),
    );
    assert.equal((await login(ip, victim, 'victim password')).status, 429);
    assert.equal((await login('198.51.100.8', victim, 'victim password')).status, 200);
  });
});
