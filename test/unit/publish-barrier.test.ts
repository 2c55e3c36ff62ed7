import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Server } from 'socket.io';
import { publishBarrier } from '../../server/adapter';

/** A cluster adapter's publish (Redis or PostgreSQL) that the test settles by hand. */
function fakeCluster() {
  const sends: Array<{ resolve: () => void; reject: (err: Error) => void }> = [];
  const adapter = {
    doPublish: (_message: unknown) =>
      new Promise<unknown>((resolve, reject) => sends.push({ resolve: () => resolve(''), reject })),
  };
  return { adapter, sends };
}

const state = (p: Promise<void>) => {
  const seen = { settled: false, error: null as unknown };
  p.then(
    () => {
      seen.settled = true;
    },
    (err: unknown) => {
      seen.settled = true;
      seen.error = err;
    },
  );
  return seen;
};
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('publishBarrier', () => {
  it('waits for every publish already started, not for later ones', async () => {
    const { adapter, sends } = fakeCluster();
    const flush = publishBarrier(adapter);
    void adapter.doPublish({ type: 'broadcast' });
    void adapter.doPublish({ type: 'broadcast' });
    const first = state(flush());
    await tick();
    assert.equal(first.settled, false, 'nothing has reached the bus yet');
    sends[0].resolve();
    await tick();
    assert.equal(first.settled, false, 'one publish is still out');
    sends[1].resolve();
    await tick();
    assert.deepEqual(first, { settled: true, error: null });
    // Nothing pending: at once.
    const second = state(flush());
    await tick();
    assert.equal(second.settled, true);
  });

  it('rejects when a publish failed, so the push is not acknowledged', async () => {
    const { adapter, sends } = fakeCluster();
    const flush = publishBarrier(adapter);
    void adapter.doPublish({ type: 'broadcast' }).catch(() => {});
    const seen = state(flush());
    sends[0].reject(new Error('redis is gone'));
    await tick();
    assert.equal(seen.settled, true);
    assert.match(String(seen.error), /redis is gone/);
  });

  it("needs no barrier with socket.io's in-memory adapter (one instance)", async () => {
    // Not attached to an HTTP server: nothing to close.
    const io = new Server();
    const flush = publishBarrier(io.of('/scan').adapter);
    io.of('/scan').to('room').emit('scan', {});
    const seen = state(flush());
    await tick();
    assert.deepEqual(seen, { settled: true, error: null });
  });
});
