// Issue 20: node-postgres or postgres.js? One bind event's database work on PostgreSQL, three ways, on
// one fresh database each, in the same run: WeBind's repositories as they are (drizzle over
// node-postgres, named statements), the same statements in raw SQL on node-postgres (named), and on
// postgres.js (`prepare: true`, its default). Reports client CPU, PostgreSQL CPU and wall time per event.
//   npx tsx test/bench/pg-drivers.ts            (EVENTS=2000 CONCURRENCY=16 by default)
import os from 'node:os';
import pg from 'pg';
import postgres from 'postgres';
import { openDatabase } from '../../lib/db';
import { createPgDatabase, postgresReachable } from '../helpers/postgres';
import { processesCpuSeconds, selfCpuSeconds } from './server-process';
import { round } from './stats';

const EVENTS = Number(process.env.EVENTS ?? 2000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const NOW = Date.now();

/** The statements of one bind event (webhook replay + dedup, the scan's transaction, the stored reply). */
interface Driver {
  name: string;
  event(i: number, userId: number): Promise<void>;
  close(): Promise<void>;
}

async function seed(url: string, events: number): Promise<number[]> {
  const db = await openDatabase(url, { now: Date.now });
  const ids: number[] = [];
  for (let i = 0; i < events; i++) {
    const user = await db.repos.users.create({ email: `d${i}@example.com`, passwordHash: 'x', now: NOW });
    if (!user) throw new Error('seed failed');
    ids.push(user.id);
    await db.repos.scenes.insert({
      id: `s-${i}`,
      purpose: 'bind',
      status: 'pending',
      userId: user.id,
      openid: null,
      browserKeyHash: null,
      qrContent: 'q',
      detail: null,
      ip: null,
      userAgent: null,
      createdAt: NOW,
      updatedAt: NOW,
      expiresAt: NOW + 3600_000,
    } as never);
  }
  await db.close();
  return ids;
}

function webindRepos(url: string): Promise<Driver> {
  return openDatabase(url, { now: Date.now }).then((db) => ({
    name: 'WeBind repositories (drizzle + node-postgres, named statements)',
    async event(i, userId) {
      const r = db.repos;
      await r.replay.remember(`t:${i}:s`, 'h', 300);
      await r.dedup.claim(`e-${i}`, 5000, 300);
      await r.scenes.get(`s-${i}`);
      await r.transaction(async (tx) => {
        await tx.scenes.get(`s-${i}`);
        await tx.users.findById(userId);
        await tx.bindings.findByOpenid(`o-${i}`);
        await tx.bindings.insert({
          userId,
          openid: `o-${i}`,
          boundAt: NOW,
          subscribed: true,
          subscribedChangedAt: null,
        });
        await tx.audit.add({ at: NOW, action: 'wechat.bound', userId, openid: `o-${i}`, detail: { via: 'scan' } });
        await tx.scenes.transition(`s-${i}`, ['pending'], { status: 'bound', openid: `o-${i}`, updatedAt: NOW });
      });
      await r.dedup.complete(`e-${i}`, '<xml/>');
    },
    close: () => db.close(),
  }));
}

const SQL = {
  replay: 'insert into webhook_replay (key, body_hash, expires_at) values ($1, $2, $3) on conflict do nothing',
  dedup:
    'insert into webhook_dedup (key, reply, claimed_at, expires_at) values ($1, null, $2, $3) on conflict do nothing',
  scene: 'select * from scenes where id = $1',
  sceneLocked: 'select * from scenes where id = $1 for update',
  user: 'select * from users where id = $1',
  bindingByOpenid: 'select * from wechat_bindings where openid = $1',
  bindingInsert:
    'insert into wechat_bindings (user_id, openid, bound_at, subscribed, subscribed_changed_at) values ($1, $2, $3, true, null) on conflict do nothing returning user_id',
  audit: 'insert into audit_log (at, action, user_id, openid, detail) values ($1, $2, $3, $4, $5)',
  transition:
    "update scenes set status = 'bound', openid = $2, updated_at = $3 where id = $1 and status = any($4) returning *",
  complete: 'update webhook_dedup set reply = $2 where key = $1',
};

async function rawNodePostgres(url: string): Promise<Driver> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const q = (client: pg.Pool | pg.PoolClient, name: keyof typeof SQL, values: unknown[]) =>
    client.query({ name: `bench_${name}`, text: SQL[name], values });
  return {
    name: 'raw SQL on node-postgres 8 (named statements)',
    async event(i, userId) {
      await q(pool, 'replay', [`t:${i}:s`, 'h', NOW]);
      await q(pool, 'dedup', [`e-${i}`, NOW, NOW]);
      await q(pool, 'scene', [`s-${i}`]);
      const c = await pool.connect();
      try {
        await c.query('begin');
        await q(c, 'sceneLocked', [`s-${i}`]);
        await q(c, 'user', [userId]);
        await q(c, 'bindingByOpenid', [`o-${i}`]);
        await q(c, 'bindingInsert', [userId, `o-${i}`, NOW]);
        await q(c, 'audit', [NOW, 'wechat.bound', userId, `o-${i}`, JSON.stringify({ via: 'scan' })]);
        await q(c, 'transition', [`s-${i}`, `o-${i}`, NOW, ['pending']]);
        await c.query('commit');
      } finally {
        c.release();
      }
      await q(pool, 'complete', [`e-${i}`, '<xml/>']);
    },
    close: () => pool.end(),
  };
}

async function rawPostgresJs(url: string): Promise<Driver> {
  const sql = postgres(url, { max: 10, prepare: true, onnotice: () => undefined });
  return {
    name: 'raw SQL on postgres.js 3 (prepared)',
    async event(i, userId) {
      await sql.unsafe(SQL.replay, [`t:${i}:s`, 'h', NOW], { prepare: true });
      await sql.unsafe(SQL.dedup, [`e-${i}`, NOW, NOW], { prepare: true });
      await sql.unsafe(SQL.scene, [`s-${i}`], { prepare: true });
      await sql.begin(async (tx) => {
        await tx.unsafe(SQL.sceneLocked, [`s-${i}`], { prepare: true });
        await tx.unsafe(SQL.user, [userId], { prepare: true });
        await tx.unsafe(SQL.bindingByOpenid, [`o-${i}`], { prepare: true });
        await tx.unsafe(SQL.bindingInsert, [userId, `o-${i}`, NOW], { prepare: true });
        await tx.unsafe(SQL.audit, [NOW, 'wechat.bound', userId, `o-${i}`, JSON.stringify({ via: 'scan' })], {
          prepare: true,
        });
        await tx.unsafe(SQL.transition, [`s-${i}`, `o-${i}`, NOW, ['pending']], { prepare: true });
      });
      await sql.unsafe(SQL.complete, [`e-${i}`, '<xml/>'], { prepare: true });
    },
    close: () => sql.end(),
  };
}

async function measure(make: (url: string) => Promise<Driver>) {
  const db = await createPgDatabase();
  try {
    const users = await seed(db.url, EVENTS);
    const driver = await make(db.url);
    try {
      // Warm-up on the first tenth, measured on the rest.
      const warm = Math.floor(EVENTS / 10);
      let next = 0;
      const runUntil = async (end: number) => {
        const workers = Array.from({ length: CONCURRENCY }, async () => {
          for (let i = next++; i < end; i = next++) await driver.event(i, users[i]);
        });
        await Promise.all(workers);
        next = end;
      };
      await runUntil(warm);
      const c0 = selfCpuSeconds();
      const p0 = processesCpuSeconds(['postgres']);
      const t0 = performance.now();
      await runUntil(EVENTS);
      const n = EVENTS - warm;
      const ms = (seconds: number) => round((seconds * 1000) / n, 3);
      return {
        driver: driver.name,
        events: n,
        clientCpuMs: ms(selfCpuSeconds() - c0),
        postgresCpuMs: ms(processesCpuSeconds(['postgres']) - p0),
        wallMs: ms((performance.now() - t0) / 1000),
      };
    } finally {
      await driver.close();
    }
  } finally {
    await db.drop();
  }
}

async function main() {
  const unreachable = await postgresReachable();
  if (unreachable) throw new Error(`PostgreSQL unreachable: ${unreachable}`);
  console.log(
    `load average ${os
      .loadavg()
      .map((v) => round(v))
      .join(' ')}; ${EVENTS} events, ${CONCURRENCY} at once`,
  );
  for (const make of [webindRepos, rawNodePostgres, rawPostgresJs]) {
    const r = await measure(make);
    console.log(
      `${r.driver}: client CPU ${r.clientCpuMs} ms, PostgreSQL CPU ${r.postgresCpuMs} ms, wall ${r.wallMs} ms per event (${r.events} events)`,
    );
  }
  console.log(
    `load average at the end ${os
      .loadavg()
      .map((v) => round(v))
      .join(' ')}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
