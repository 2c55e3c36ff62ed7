import type pg from 'pg';

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
 * in one turn of the event loop go as one named statement on the next turn, in the order they were
 * asked for (PostgreSQL delivers a transaction's notifications in order); each caller's promise
 * settles with that statement. Everything else the adapter does (LISTEN, attachments, cleanup) goes
 * to the pool unchanged. `counters.notifyRoundTrips` counts the statements sent.
 */
export function coalescingNotifyPool(pool: pg.Pool, counters: { notifyRoundTrips: number }): pg.Pool {
  let batch: Array<{ channel: string; payload: string; settle: (err?: unknown) => void }> = [];
  const flush = () => {
    const sent = batch;
    batch = [];
    counters.notifyRoundTrips += 1;
    pool.query({ ...BATCH, values: [sent.map((n) => n.channel), sent.map((n) => n.payload)] }).then(
      () => {
        for (const n of sent) n.settle();
      },
      (err: unknown) => {
        for (const n of sent) n.settle(err);
      },
    );
  };
  const query = (text: unknown, values?: unknown) => {
    if (text !== ADAPTER_NOTIFY || !Array.isArray(values) || values.length !== 2)
      return (pool.query as (t: unknown, v?: unknown) => Promise<unknown>)(text, values);
    return new Promise((resolve, reject) => {
      if (batch.length === 0) setImmediate(flush);
      batch.push({
        channel: String(values[0]),
        payload: String(values[1]),
        settle: (err) => (err === undefined ? resolve({ rows: [], rowCount: 1 }) : reject(err)),
      });
    });
  };
  return new Proxy(pool, {
    get(target, prop) {
      if (prop === 'query') return query;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
