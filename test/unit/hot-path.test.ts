// Issue 20's push tail: the cheap parts of a webhook push that ran on every event (a live chart point
// nobody watched, five randomBytes calls, a dispatcher wake with no endpoint) still do their job.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDatabase } from '../../lib/db';
import type { OpsRepo } from '../../lib/db/ops';
import { createLogger } from '../../lib/log';
import { MetricsRecorder, quantile, sortSamples } from '../../lib/metrics/recorder';
import { pooledRandomBytes } from '../../lib/random';
import { enqueueEvent, onWebhookWake } from '../../lib/webhooks/enqueue-event';

const NOW = 1_790_000_000_000;

describe('chart points', () => {
  it('quantiles are nearest-rank over the sorted samples, the max is the largest', () => {
    const sorted = sortSamples([5, 1, 4, 2, 3, 10, 9, 8, 7, 6]);
    assert.deepEqual([...sorted], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(quantile(sorted, 0.5), 5);
    assert.equal(quantile(sorted, 0.99), 10);
    assert.equal(quantile(sortSamples([0.123456]), 0.5), 0.1);
  });

  it('a live point is computed only while someone watches', async () => {
    const points: unknown[] = [];
    let watching = false;
    const recorder = new MetricsRecorder({
      ops: {} as OpsRepo,
      log: createLogger({ production: true, level: 'silent' }),
      now: () => NOW,
      sockets: () => 0,
      onPoint: (point) => points.push(point),
      watching: () => watching,
    });
    try {
      recorder.pushLatency(3);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(points.length, 0, 'no admin console open: no point');
      watching = true;
      recorder.pushLatency(1);
      recorder.pushLatency(2);
      recorder.webhook('handled', 7);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(points.length, 1, 'one throttled point for the burst');
      const { values } = points[0] as { values: Record<string, number> };
      assert.equal(values.push_p50, 2);
      assert.equal(values.push_p99, 3);
      assert.equal(values.webhook_max, 7);
    } finally {
      // close() saves the minute; the fake ops has nothing to save to.
      (recorder as unknown as { flushTimer: NodeJS.Timeout }).flushTimer.unref();
    }
  });
});

describe('pooledRandomBytes', () => {
  it('hands out each byte once, as a copy, across refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const b = pooledRandomBytes(16);
      assert.equal(b.length, 16);
      const hex = b.toString('hex');
      assert.ok(!seen.has(hex), 'no value twice');
      seen.add(hex);
      b.fill(0); // the caller owns it: the pool is not affected
    }
    assert.equal(pooledRandomBytes(0).length, 0);
    assert.equal(pooledRandomBytes(4096).length, 4096);
    assert.throws(() => pooledRandomBytes(4097), RangeError);
    assert.throws(() => pooledRandomBytes(-1), RangeError);
    assert.throws(() => pooledRandomBytes(1.5), RangeError);
  });
});

describe('enqueueEvent', () => {
  it('wakes the dispatcher only when an endpoint takes the event', async () => {
    const db = await openDatabase(':memory:', { now: () => NOW });
    let wakes = 0;
    onWebhookWake(() => wakes++);
    try {
      const event = { userId: 1, openid: 'o1', externalUserId: null, bindingId: null, via: 'scan' } as never;
      await db.repos.transaction((tx) => enqueueEvent(tx, 'binding.created', event, NOW));
      assert.equal(wakes, 0, 'no endpoint: nothing to send');
      await db.repos.webhooks.addEndpoint({
        id: 'ep_all',
        url: 'http://127.0.0.1:9/hook',
        secret: 'whsec_x',
        events: null,
        createdAt: NOW,
      });
      await db.repos.transaction((tx) => enqueueEvent(tx, 'binding.created', event, NOW));
      assert.equal(wakes, 1);
    } finally {
      onWebhookWake(undefined);
      await db.close();
    }
  });
});
