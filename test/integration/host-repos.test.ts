// The server API's repositories behave alike on SQLite and PostgreSQL: API keys, host bindings, the
// webhook outbox's leases (two instances never send one attempt twice) and its delivery log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Database, openDatabase } from '../../lib/db';
import { createPgDatabase, postgresReachable } from '../helpers/postgres';

const NOW = 1_750_000_000_000;

async function dialects(): Promise<Array<{ name: string; open(): Promise<{ db: Database; done(): Promise<void> }> }>> {
  const list = [
    {
      name: 'sqlite',
      open: async () => {
        const db = await openDatabase(':memory:', { now: () => NOW });
        return { db, done: () => db.close() };
      },
    },
  ];
  if (!(await postgresReachable()))
    list.push({
      name: 'postgres',
      open: async () => {
        const store = await createPgDatabase();
        const db = await openDatabase(store.url, { now: () => NOW });
        return {
          db,
          done: async () => {
            await db.close();
            await store.drop();
          },
        };
      },
    });
  return list;
}

describe('host repositories', async () => {
  for (const dialect of await dialects()) {
    describe(dialect.name, () => {
      let db: Database;
      let done: () => Promise<void>;
      before(async () => {
        ({ db, done } = await dialect.open());
      });
      after(() => done());

      it('keeps one live key per name, finds keys by hash only while live, and lets a revoked name be reused', async () => {
        const { apiKeys } = db.repos;
        assert.equal(await apiKeys.create({ name: 'shop', keyHash: 'h1', ratePerMinute: 10, now: NOW }), 'ok');
        assert.equal(await apiKeys.create({ name: 'shop', keyHash: 'h2', ratePerMinute: 10, now: NOW }), 'name_taken');
        assert.equal((await apiKeys.findByHash('h1'))?.name, 'shop');
        assert.ok(!('keyHash' in (await apiKeys.findByHash('h1'))!), 'the hash is never handed out');
        assert.equal(await apiKeys.revoke('shop', NOW + 1), true);
        assert.equal(await apiKeys.revoke('shop', NOW + 2), false);
        assert.equal(await apiKeys.findByHash('h1'), null);
        assert.equal(await apiKeys.create({ name: 'shop', keyHash: 'h3', ratePerMinute: 10, now: NOW }), 'ok');
        assert.deepEqual(
          (await apiKeys.list()).map((k) => [k.name, k.revokedAt !== null]),
          [
            ['shop', true],
            ['shop', false],
          ],
        );
      });

      it('binds each side once and says which side was taken', async () => {
        const { hostBindings } = db.repos;
        const row = { id: 'bnd_1', externalUserId: 'u-1', openid: 'o-1', boundAt: NOW, apiKeyName: 'shop' };
        assert.equal(await hostBindings.insert(row), 'ok');
        assert.equal(await hostBindings.insert({ ...row, id: 'bnd_2', externalUserId: 'u-2' }), 'openid_taken');
        assert.equal(await hostBindings.insert({ ...row, id: 'bnd_3', openid: 'o-3' }), 'external_taken');
        assert.equal((await hostBindings.findByExternalUserId('u-1'))?.openid, 'o-1');
        assert.equal((await hostBindings.findByOpenid('o-1'))?.id, 'bnd_1');
        assert.equal((await hostBindings.delete('bnd_1'))?.externalUserId, 'u-1');
        assert.equal(await hostBindings.delete('bnd_1'), null);
      });

      it('writes an event with one delivery per subscribed endpoint, leases each once, logs attempts, resends', async () => {
        const { webhooks } = db.repos;
        await webhooks.addEndpoint({ id: 'ep_all', url: 'http://a', secret: 'whsec_x', events: null, createdAt: NOW });
        await webhooks.addEndpoint({
          id: 'ep_bind',
          url: 'http://b',
          secret: 'whsec_y',
          events: ['binding.created'],
          createdAt: NOW,
        });
        const count = await db.repos.transaction((tx) =>
          tx.webhooks.enqueue({ id: 'msg_1', type: 'follower.subscribed', payload: '{}', createdAt: NOW }),
        );
        assert.equal(count, 1, 'only the endpoint subscribed to every type');
        assert.equal(
          await webhooks.enqueue({ id: 'msg_2', type: 'binding.created', payload: '{"a":1}', createdAt: NOW }),
          2,
        );
        // A rolled-back effect leaves no event behind.
        await assert.rejects(
          db.repos.transaction(async (tx) => {
            await tx.webhooks.enqueue({ id: 'msg_3', type: 'binding.created', payload: '{}', createdAt: NOW });
            throw new Error('effect failed');
          }),
        );
        assert.equal((await webhooks.listDeliveries({ eventId: 'msg_3', limit: 10 })).length, 0);

        // Two instances polling at once share the due deliveries without overlap.
        const [a, b] = await Promise.all([
          webhooks.claimDue(NOW, NOW + 5000, 2),
          webhooks.claimDue(NOW, NOW + 5000, 2),
        ]);
        const ids = [...a, ...b].map((d) => d.deliveryId);
        assert.equal(ids.length, 3);
        assert.equal(new Set(ids).size, 3);
        assert.deepEqual(await webhooks.claimDue(NOW + 1000, NOW + 6000, 10), [], 'leased ones are not due');
        assert.equal((await webhooks.claimDue(NOW + 5000, NOW + 10_000, 10)).length, 3, 'a lapsed lease is due again');

        const first = [...a, ...b].find((d) => d.eventId === 'msg_2' && d.url === 'http://b')!;
        assert.equal(first.payload, '{"a":1}');
        assert.equal(first.secret, 'whsec_y');
        await webhooks.recordAttempt({
          deliveryId: first.deliveryId,
          at: NOW + 10,
          status: 500,
          response: 'boom',
          durationMs: 10,
          outcome: 'retry',
          nextAttemptAt: NOW + 60_000,
        });
        await webhooks.recordAttempt({
          deliveryId: first.deliveryId,
          at: NOW + 60_010,
          status: 204,
          response: '',
          durationMs: 5,
          outcome: 'delivered',
          nextAttemptAt: NOW + 60_010,
        });
        const [delivered] = await webhooks.listDeliveries({ eventId: 'msg_2', endpointId: 'ep_bind', limit: 10 });
        assert.deepEqual([delivered.status, delivered.attempts, delivered.lastStatus], ['delivered', 2, 204]);
        assert.deepEqual(
          (await webhooks.listAttempts(first.deliveryId)).map((x) => x.status),
          [500, 204],
        );
        assert.equal(await webhooks.resend({ eventId: 'msg_2' }, NOW + 70_000), 2);
        assert.equal(await webhooks.resend({}, NOW), 0, 'no filter resends nothing');
        const again = await webhooks.claimDue(NOW + 70_000, NOW + 80_000, 10);
        assert.ok(again.some((d) => d.deliveryId === first.deliveryId && d.attempts === 2));
        // After 30 days cleanup drops events with their deliveries and attempts.
        const month = 30 * 24 * 3600_000;
        assert.equal(await db.cleanup(NOW + month - 1), 0);
        assert.ok((await db.cleanup(NOW + month + 1)) >= 2);
        assert.equal((await webhooks.listDeliveries({ limit: 10 })).length, 0);
        assert.deepEqual(await webhooks.listAttempts(first.deliveryId), []);
        await webhooks.enqueue({ id: 'msg_4', type: 'binding.created', payload: '{}', createdAt: NOW });
        assert.equal(await webhooks.removeEndpoint('ep_bind'), true);
        assert.equal((await webhooks.listDeliveries({ endpointId: 'ep_bind', limit: 10 })).length, 0);
      });
    });
  }
});
