// lib/db/pg-batch.ts: what PostgreSQL's NOTIFYs and stored webhook replies are batched with.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { perTurn } from '../../lib/db/pg-batch';

describe('perTurn', () => {
  it("sends one turn's calls as one batch, in order, and the next turn's as another", async () => {
    const sent: number[][] = [];
    const call = perTurn<number>(async (items) => void sent.push(items));
    const first = [call(1), call(2), call(3)];
    assert.deepEqual(sent, [], 'nothing is sent in the turn the calls are made');
    await Promise.all(first);
    assert.deepEqual(sent, [[1, 2, 3]]);
    await call(4);
    assert.deepEqual(sent, [[1, 2, 3], [4]]);
  });

  it('rejects every call of a batch whose statement failed, and the next batch still goes', async () => {
    let fail = true;
    const call = perTurn<string>(async () => {
      if (fail) throw new Error('connection lost');
    });
    const results = await Promise.allSettled([call('a'), call('b')]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    fail = false;
    await call('c');
  });
});
