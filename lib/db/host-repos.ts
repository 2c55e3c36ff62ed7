/**
 * The server API's repositories (API keys, host bindings, the outgoing-webhook outbox), written once
 * for both dialects over lib/db/repos.ts's DialectKit, with every statement prepared once.
 */
import { and, asc, desc, eq, getTableColumns, isNull, lte, or, sql } from 'drizzle-orm';
import { deleteWhere, insertBinding, insertIfNew, rowsWhere, stampOnce, updateWhere } from './query-parts';
import { eqUnlessNull, p, placeholders, type Runner, v } from './query-parts';
import type { ApiKeysRepo, HostBindingsRepo, WebhooksRepo } from './host-types';
import type { DialectKit } from './repos';

export function prepareHostStatements(kit: DialectKit) {
  const { db, schema: s } = kit;
  const prep = kit.prepare.bind(kit);
  // Every column but the key's hash, which never leaves the repository.
  const { keyHash: _keyHash, ...keyColumns } = getTableColumns(s.apiKeys);
  const deliveryView = {
    id: s.webhookDeliveries.id,
    eventId: s.webhookDeliveries.eventId,
    endpointId: s.webhookDeliveries.endpointId,
    type: s.webhookEvents.type,
    status: s.webhookDeliveries.status,
    attempts: s.webhookDeliveries.attempts,
    nextAttemptAt: s.webhookDeliveries.nextAttemptAt,
    lastStatus: s.webhookDeliveries.lastStatus,
    lastResponse: s.webhookDeliveries.lastResponse,
    deliveredAt: s.webhookDeliveries.deliveredAt,
    createdAt: s.webhookDeliveries.createdAt,
  };
  return {
    keyInsert: prep(
      'webind_key_insert',
      db
        .insert(s.apiKeys)
        .values({ name: p('name'), keyHash: p('keyHash'), ratePerMinute: p('ratePerMinute'), createdAt: p('now') })
        .onConflictDoNothing()
        .returning({ id: s.apiKeys.id }),
    ),
    keyRevoke: prep('webind_key_revoke', stampOnce(db, s.apiKeys, 'revokedAt', 'name')),
    keyByHash: prep(
      'webind_key_by_hash',
      db
        .select(keyColumns)
        .from(s.apiKeys)
        .where(and(eq(s.apiKeys.keyHash, p('keyHash')), isNull(s.apiKeys.revokedAt))),
    ),
    keyTouch: prep(
      'webind_key_touch',
      db
        .update(s.apiKeys)
        .set({ lastUsedAt: v('now') })
        .where(eq(s.apiKeys.id, p('id'))),
    ),
    keyList: prep('webind_key_list', db.select(keyColumns).from(s.apiKeys).orderBy(asc(s.apiKeys.id))),

    hostBindingInsert: prep(
      'webind_host_binding_insert',
      insertIfNew(db, s.hostBindings, 'id', 'externalUserId', 'openid', 'boundAt', 'apiKeyName').returning({
        id: s.hostBindings.id,
      }),
    ),
    hostBindingById: prep('webind_host_binding_by_id', rowsWhere(db, s.hostBindings, 'id')),
    hostBindingByExternal: prep('webind_host_binding_by_external', rowsWhere(db, s.hostBindings, 'externalUserId')),
    hostBindingByOpenid: prep('webind_host_binding_by_openid', rowsWhere(db, s.hostBindings, 'openid')),
    hostBindingDelete: prep('webind_host_binding_delete', deleteWhere(db, s.hostBindings, 'id').returning()),

    endpointInsert: prep(
      'webind_endpoint_insert',
      db.insert(s.webhookEndpoints).values(placeholders('id', 'url', 'secret', 'events', 'createdAt')),
    ),
    endpointList: prep(
      'webind_endpoint_list',
      db.select().from(s.webhookEndpoints).orderBy(asc(s.webhookEndpoints.createdAt)),
    ),
    endpointDelete: prep('webind_endpoint_delete', deleteWhere(db, s.webhookEndpoints, 'id')),
    eventInsert: prep(
      'webind_webhook_event_insert',
      db.insert(s.webhookEvents).values(placeholders('id', 'type', 'payload', 'createdAt')),
    ),
    deliveryInsert: prep(
      'webind_delivery_insert',
      db.insert(s.webhookDeliveries).values({
        eventId: p('eventId'),
        endpointId: p('endpointId'),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: p('createdAt'),
        createdAt: p('createdAt'),
      }),
    ),
    deliveryDue: prep(
      'webind_delivery_due',
      db
        .select({ id: s.webhookDeliveries.id })
        .from(s.webhookDeliveries)
        .where(
          and(
            eq(s.webhookDeliveries.status, 'pending'),
            lte(s.webhookDeliveries.nextAttemptAt, p('now')),
            or(isNull(s.webhookDeliveries.leaseUntil), lte(s.webhookDeliveries.leaseUntil, p('now'))),
          ),
        )
        .orderBy(asc(s.webhookDeliveries.nextAttemptAt), asc(s.webhookDeliveries.id))
        .limit(p('limit')),
    ),
    // Compare-and-set: of instances polling together, one wins each delivery.
    deliveryLease: prep(
      'webind_delivery_lease',
      updateWhere(
        db,
        s.webhookDeliveries,
        'id',
        { leaseUntil: v('leaseUntil') },
        eq(s.webhookDeliveries.status, 'pending'),
        or(isNull(s.webhookDeliveries.leaseUntil), lte(s.webhookDeliveries.leaseUntil, p('now'))),
      ),
    ),
    deliveryToSend: prep(
      'webind_delivery_to_send',
      db
        .select({
          deliveryId: s.webhookDeliveries.id,
          eventId: s.webhookEvents.id,
          type: s.webhookEvents.type,
          payload: s.webhookEvents.payload,
          createdAt: s.webhookEvents.createdAt,
          attempts: s.webhookDeliveries.attempts,
          url: s.webhookEndpoints.url,
          secret: s.webhookEndpoints.secret,
        })
        .from(s.webhookDeliveries)
        .innerJoin(s.webhookEvents, eq(s.webhookEvents.id, s.webhookDeliveries.eventId))
        .innerJoin(s.webhookEndpoints, eq(s.webhookEndpoints.id, s.webhookDeliveries.endpointId))
        .where(eq(s.webhookDeliveries.id, p('id'))),
    ),
    attemptInsert: prep(
      'webind_attempt_insert',
      db.insert(s.webhookAttempts).values(placeholders('deliveryId', 'at', 'status', 'response', 'durationMs')),
    ),
    deliveryRecord: prep(
      'webind_delivery_record',
      db
        .update(s.webhookDeliveries)
        .set({
          status: v('status'),
          attempts: sql`${s.webhookDeliveries.attempts} + 1`,
          nextAttemptAt: v('nextAttemptAt'),
          leaseUntil: null,
          lastStatus: v('lastStatus'),
          lastResponse: v('lastResponse'),
          deliveredAt: v('deliveredAt'),
        })
        .where(eq(s.webhookDeliveries.id, p('id'))),
    ),
    deliveryList: prep(
      'webind_delivery_list',
      db
        .select(deliveryView)
        .from(s.webhookDeliveries)
        .innerJoin(s.webhookEvents, eq(s.webhookEvents.id, s.webhookDeliveries.eventId))
        .where(
          and(
            eqUnlessNull(s.webhookDeliveries.eventId, 'eventId', 'text'),
            eqUnlessNull(s.webhookDeliveries.endpointId, 'endpointId', 'text'),
          ),
        )
        .orderBy(desc(s.webhookDeliveries.id))
        .limit(p('limit')),
    ),
    attemptList: prep('webind_attempt_list', rowsWhere(db, s.webhookAttempts, 'deliveryId', asc(s.webhookAttempts.id))),
    resend: prep(
      'webind_delivery_resend',
      db
        .update(s.webhookDeliveries)
        .set({ status: 'pending', nextAttemptAt: v('now'), leaseUntil: null })
        .where(
          and(
            eqUnlessNull(s.webhookDeliveries.id, 'deliveryId', 'integer'),
            eqUnlessNull(s.webhookDeliveries.eventId, 'eventId', 'text'),
          ),
        ),
    ),
  };
}

export type HostStatements = ReturnType<typeof prepareHostStatements>;

export function buildHostRepos(
  q: HostStatements,
  run: Runner,
): { apiKeys: ApiKeysRepo; hostBindings: HostBindingsRepo; webhooks: WebhooksRepo } {
  return {
    apiKeys: {
      create: ({ name, keyHash, ratePerMinute, now }) =>
        run(async (c) => ((await q.keyInsert.get(c, { name, keyHash, ratePerMinute, now })) ? 'ok' : 'name_taken')),
      revoke: (name, now) => run(async (c) => (await q.keyRevoke.run(c, { name, now })) > 0),
      findByHash: (keyHash) => run((c) => q.keyByHash.get(c, { keyHash })),
      touch: (id, now) => run(async (c) => void (await q.keyTouch.run(c, { id, now }))),
      list: () => run((c) => q.keyList.all(c)),
    },

    hostBindings: {
      insert: (binding) =>
        run((c) =>
          insertBinding(c, { insert: q.hostBindingInsert, byOpenid: q.hostBindingByOpenid }, binding, 'external_taken'),
        ),
      get: (id) => run((c) => q.hostBindingById.get(c, { id })),
      findByExternalUserId: (externalUserId) => run((c) => q.hostBindingByExternal.get(c, { externalUserId })),
      findByOpenid: (openid) => run((c) => q.hostBindingByOpenid.get(c, { openid })),
      delete: (id) => run((c) => q.hostBindingDelete.get(c, { id })),
    },

    webhooks: {
      addEndpoint: (endpoint) => run(async (c) => void (await q.endpointInsert.run(c, { ...endpoint }))),
      listEndpoints: () =>
        run(async (c) => (await q.endpointList.all(c)).map((e) => ({ ...e, events: e.events ?? null }))),
      removeEndpoint: (id) => run(async (c) => (await q.endpointDelete.run(c, { id })) > 0),
      enqueue: (event) =>
        run(async (c) => {
          await q.eventInsert.run(c, { ...event });
          let count = 0;
          for (const endpoint of await q.endpointList.all(c)) {
            if (endpoint.events && !endpoint.events.includes(event.type)) continue;
            await q.deliveryInsert.run(c, { eventId: event.id, endpointId: endpoint.id, createdAt: event.createdAt });
            count++;
          }
          return count;
        }),
      // Instances polling together read the same due rows: a lease lost to another is read past, until
      // `limit` are ours or none is left due (a row leased by another is no longer due).
      claimDue: (now, leaseUntil, limit) =>
        run(async (c) => {
          const claimed = [];
          for (let lost = true; lost && claimed.length < limit; ) {
            lost = false;
            for (const { id } of await q.deliveryDue.all(c, { now, limit: limit - claimed.length })) {
              if ((await q.deliveryLease.run(c, { id, now, leaseUntil })) !== 1) {
                lost = true;
                continue;
              }
              const row = await q.deliveryToSend.get(c, { id });
              if (row) claimed.push(row);
            }
          }
          return claimed;
        }),
      recordAttempt: (a) =>
        run(async (c) => {
          await q.attemptInsert.run(c, {
            deliveryId: a.deliveryId,
            at: a.at,
            status: a.status,
            response: a.response,
            durationMs: a.durationMs,
          });
          await q.deliveryRecord.run(c, {
            id: a.deliveryId,
            status: a.outcome === 'retry' ? 'pending' : a.outcome,
            nextAttemptAt: a.nextAttemptAt,
            lastStatus: a.status,
            lastResponse: a.response,
            deliveredAt: a.outcome === 'delivered' ? a.at : null,
          });
        }),
      listDeliveries: ({ eventId, endpointId, limit }) =>
        run((c) => q.deliveryList.all(c, { eventId: eventId ?? null, endpointId: endpointId ?? null, limit })),
      listAttempts: (deliveryId) => run((c) => q.attemptList.all(c, { deliveryId })),
      resend: ({ deliveryId, eventId }, now) =>
        run(async (c) => {
          if (deliveryId === undefined && eventId === undefined) return 0;
          return q.resend.run(c, { deliveryId: deliveryId ?? null, eventId: eventId ?? null, now });
        }),
    },
  };
}
