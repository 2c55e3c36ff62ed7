// Offline events (issue 19) on SQLite and PostgreSQL: the database holds the capacity and the deadline,
// so 50 concurrent sign-ups for 10 places take exactly 10 (on PostgreSQL from two database handles, as
// two instances would); check-in numbers arrivals once each.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Database, openDatabase } from '../../lib/db';
import type { EventFields } from '../../lib/db/types';
import { createPgDatabase, postgresReachable } from '../helpers/postgres';

const NOW = 1_750_000_000_000;
const HOUR = 3600_000;

const fields = (over: Partial<EventFields> = {}): EventFields => ({
  title: '路演 Roadshow',
  description: 'Demo day',
  place: 'Shanghai',
  startsAt: NOW + 48 * HOUR,
  endsAt: NOW + 50 * HOUR,
  capacity: 10,
  signupDeadline: NOW + 24 * HOUR,
  walkInsAllowed: false,
  ...over,
});

interface Opened {
  dbs: Database[];
  done(): Promise<void>;
}

async function dialects(): Promise<Array<{ name: string; open(): Promise<Opened> }>> {
  const list = [
    {
      name: 'sqlite',
      open: async (): Promise<Opened> => {
        const db = await openDatabase(':memory:', { now: () => NOW });
        return { dbs: [db], done: () => db.close() };
      },
    },
  ];
  if (!(await postgresReachable()))
    list.push({
      name: 'postgres',
      open: async (): Promise<Opened> => {
        const store = await createPgDatabase();
        const a = await openDatabase(store.url, { now: () => NOW });
        const b = await openDatabase(store.url, { now: () => NOW });
        return {
          dbs: [a, b],
          done: async () => {
            await a.close();
            await b.close();
            await store.drop();
          },
        };
      },
    });
  return list;
}

async function users(db: Database, n: number, tag: string): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const user = await db.repos.users.create({ email: `${tag}${i}@example.com`, passwordHash: 'x', now: NOW });
    assert.ok(user);
    ids.push(user.id);
  }
  return ids;
}

describe('event repositories', async () => {
  for (const dialect of await dialects()) {
    describe(dialect.name, () => {
      let dbs: Database[];
      let done: () => Promise<void>;
      before(async () => {
        ({ dbs, done } = await dialect.open());
      });
      after(() => done());

      it('takes exactly 10 of 50 concurrent sign-ups for 10 places, and refuses the other 40 as full', async () => {
        const [db] = dbs;
        const event = await db.repos.events.create(fields({ capacity: 10 }), NOW);
        const ids = await users(db, 50, 'race');
        const results = await Promise.all(
          ids.map((userId, i) => dbs[i % dbs.length].repos.events.signUp({ eventId: event.id, userId, now: NOW })),
        );
        assert.equal(results.filter((r) => r === 'ok').length, 10);
        assert.equal(results.filter((r) => r === 'full').length, 40);
        assert.equal((await db.repos.events.attendees(event.id)).length, 10);
        assert.equal((await db.repos.events.get(event.id))?.signedUp, 10);
      });

      it('answers a second sign-up of the same user as already, even when both arrive at once', async () => {
        const [db] = dbs;
        const event = await db.repos.events.create(fields({ capacity: 5 }), NOW);
        const [userId] = await users(db, 1, 'twice');
        const results = await Promise.all(
          [0, 1, 2, 3].map((i) => dbs[i % dbs.length].repos.events.signUp({ eventId: event.id, userId, now: NOW })),
        );
        assert.deepEqual(results.sort(), ['already', 'already', 'already', 'ok']);
        assert.equal((await db.repos.events.get(event.id))?.signedUp, 1);
      });

      it('refuses a sign-up after the deadline and for an unknown event', async () => {
        const [db] = dbs;
        const event = await db.repos.events.create(fields({ signupDeadline: NOW - 1 }), NOW);
        const [userId] = await users(db, 1, 'late');
        assert.equal(await db.repos.events.signUp({ eventId: event.id, userId, now: NOW }), 'closed');
        assert.equal(await db.repos.events.signUp({ eventId: 999_999, userId, now: NOW }), 'not_found');
        assert.equal((await db.repos.events.get(event.id))?.signedUp, 0);
        assert.equal(
          (await db.repos.events.listOpen(NOW)).some((e) => e.id === event.id),
          false,
        );
      });

      it('refuses to lower the capacity under the places taken (the CHECK constraint)', async () => {
        const [db] = dbs;
        const event = await db.repos.events.create(fields({ capacity: 3 }), NOW);
        const ids = await users(db, 2, 'shrink');
        for (const userId of ids) await db.repos.events.signUp({ eventId: event.id, userId, now: NOW });
        assert.equal(await db.repos.events.update(event.id, fields({ capacity: 1 })), 'capacity_below_signups');
        assert.equal((await db.repos.events.get(event.id))?.capacity, 3);
        assert.equal(await db.repos.events.update(event.id, fields({ capacity: 2, title: 'New' })), 'ok');
        assert.equal((await db.repos.events.get(event.id))?.title, 'New');
      });

      it('numbers arrivals once each, answers a second scan as already, and admits walk-ins only when allowed', async () => {
        const [db] = dbs;
        const event = await db.repos.events.create(fields({ capacity: 3 }), NOW);
        const [a, b, stranger] = await users(db, 3, 'door');
        await db.repos.events.signUp({ eventId: event.id, userId: a, now: NOW });
        await db.repos.events.signUp({ eventId: event.id, userId: b, now: NOW });
        const { events } = db.repos;
        assert.deepEqual(await events.checkIn({ eventId: event.id, userId: b, now: NOW + 1, walkIn: false }), {
          state: 'checked_in',
          arrival: 1,
          walkIn: false,
        });
        const twice = await Promise.all([
          events.checkIn({ eventId: event.id, userId: a, now: NOW + 2, walkIn: false }),
          dbs[dbs.length - 1].repos.events.checkIn({ eventId: event.id, userId: a, now: NOW + 2, walkIn: false }),
        ]);
        assert.deepEqual(twice.map((r) => r.state).sort(), ['already', 'checked_in']);
        assert.deepEqual(await events.checkIn({ eventId: event.id, userId: a, now: NOW + 3, walkIn: false }), {
          state: 'already',
          arrival: 2,
        });
        assert.deepEqual(await events.checkIn({ eventId: event.id, userId: stranger, now: NOW + 4, walkIn: false }), {
          state: 'not_signed_up',
        });
        assert.deepEqual(await events.checkIn({ eventId: event.id, userId: stranger, now: NOW + 5, walkIn: true }), {
          state: 'checked_in',
          arrival: 3,
          walkIn: true,
        });
        const latest = await events.latestArrivals(event.id, 2);
        assert.deepEqual(
          latest.map((x) => x.arrival),
          [3, 2],
        );
        assert.equal((await events.get(event.id))?.checkedIn, 3);
      });
    });
  }
});
