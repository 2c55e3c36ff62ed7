import type pg from 'pg';

/**
 * Coalesces calls made in one turn of the event loop: `send` gets them all, in order, on the next
 * turn, as one statement; each call's promise settles with it. For writes that many concurrent
 * requests make alike (NOTIFYs, the webhook's stored replies), so they share a round trip and a commit.
 */
export function perTurn<T>(send: (items: T[]) => Promise<unknown>): (item: T) => Promise<void> {
  let batch: Array<{ item: T; settle: (err?: unknown) => void }> = [];
  const flush = () => {
    const sent = batch;
    batch = [];
    send(sent.map((b) => b.item)).then(
      () => {
        for (const b of sent) b.settle();
      },
      (err: unknown) => {
        for (const b of sent) b.settle(err ?? new Error('batched statement failed'));
      },
    );
  };
  return (item) =>
    new Promise<void>((resolve, reject) => {
      if (batch.length === 0) setImmediate(flush);
      batch.push({ item, settle: (err) => (err === undefined ? resolve() : reject(err)) });
    });
}

/** The statement @socket.io/postgres-adapter sends for each broadcast (its dist/util.js). */
const ADAPTER_NOTIFY = 'SELECT pg_notify($1, $2)';

/** Many NOTIFYs as one named statement, in the order given (one function scan over the two arrays). */
const BATCH = {
  name: 'webind_notify_batch',
  text: 'select pg_notify(c, p) from unnest($1::text[], $2::text[]) as t(c, p)',
};

/**
 * The pool Socket.IO's LISTEN/NOTIFY adapter is given (server/adapter.ts). The adapter sends one
 * `SELECT pg_notify($1, $2)` per broadcast — two per bind event (the scene's push and the account
 * update), each an unnamed statement parsed again and a commit of its own. Here the NOTIFYs asked for
 * in one turn of the event loop go as one named statement on the next turn (perTurn), in the order
 * they were asked for (PostgreSQL delivers a transaction's notifications in order); each caller's
 * promise settles with that statement. Everything else the adapter does (LISTEN, attachments, cleanup) goes
 * to the pool unchanged. `counters.notifyRoundTrips` counts the statements sent.
 */
export function coalescingNotifyPool(pool: pg.Pool, counters: { notifyRoundTrips: number }): pg.Pool {
  const notify = perTurn<{ channel: string; payload: string }>((sent) => {
    counters.notifyRoundTrips += 1;
    return pool.query({ ...BATCH, values: [sent.map((n) => n.channel), sent.map((n) => n.payload)] });
  });
  const query = async (text: unknown, values?: unknown) => {
    if (text !== ADAPTER_NOTIFY || !Array.isArray(values) || values.length !== 2)
      return (pool.query as (t: unknown, v?: unknown) => Promise<unknown>)(text, values);
    await notify({ channel: String(values[0]), payload: String(values[1]) });
    return { rows: [], rowCount: 1 };
  };
  return new Proxy(pool, {
    get(target, prop) {
      if (prop === 'query') return query;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const DEDUP_COMPLETE = {
  name: 'webind_dedup_complete_batch',
  text:
    'update webhook_dedup d set reply = v.reply from unnest($1::text[], $2::text[]) as v(key, reply) ' +
    'where d.key = v.key',
};

/**
 * The webhook's stored replies (DedupStore.complete) on PostgreSQL: the ones of a loop turn go as one
 * named statement and one commit (perTurn), as concurrent pushes finish together.
 */
export function batchedDedupComplete(
  pool: pg.Pool,
  counters: { roundTrips: number; commits: number },
): (key: string, reply: string) => Promise<void> {
  const complete = perTurn<{ key: string; reply: string }>((sent) => {
    counters.roundTrips += 1;
    counters.commits += 1;
    return pool.query({ ...DEDUP_COMPLETE, values: [sent.map((c) => c.key), sent.map((c) => c.reply)] });
  });
  return (key, reply) => complete({ key, reply });
}
