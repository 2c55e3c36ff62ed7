import { createShardedAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createClient } from 'redis';
import type { Server as SocketServer } from 'socket.io';
import type { Config } from '../lib/config';
import type { Database } from '../lib/db/types';
import type { Logger } from '../lib/log';

function describe(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 6379}`;
}

/**
 * Several instances: a push from any instance must reach the browser wherever it is connected.
 * REDIS_URL → Redis sharded pub/sub (Redis 7); otherwise, on PostgreSQL, LISTEN/NOTIFY; on SQLite
 * (one instance) the in-memory adapter. Returns what to close on shutdown.
 */
export async function attachAdapter(
  io: SocketServer,
  config: Config,
  db: Database,
  log: Logger,
): Promise<() => Promise<void>> {
  if (config.redisUrl) {
    let started = false;
    const pub = createClient({
      url: config.redisUrl,
      socket: {
        connectTimeout: 5000,
        // At start an unreachable Redis is a configuration error; later, a blip to ride out.
        reconnectStrategy: (retries) => (started ? Math.min(100 * 2 ** retries, 3000) : new Error('unreachable')),
      },
    });
    const sub = pub.duplicate();
    for (const client of [pub, sub])
      client.on('error', (err: Error) => started && log.warn({ err: err.message }, 'redis connection error'));
    try {
      await Promise.all([pub.connect(), sub.connect()]);
    } catch (err) {
      for (const client of [pub, sub]) {
        try {
          client.destroy();
        } catch {
          // never connected: nothing to close
        }
      }
      throw new Error(`REDIS_URL: cannot reach Redis at ${describe(config.redisUrl)} (${(err as Error).message})`);
    }
    started = true;
    io.adapter(createShardedAdapter(pub, sub));
    return async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    };
  }
  if (db.pgPool) {
    // The adapter keeps large payloads in this table; ours are small, but it must exist.
    await db.pgPool.query(
      'CREATE TABLE IF NOT EXISTS socket_io_attachments (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)',
    );
    io.adapter(
      createPostgresAdapter(db.pgPool, {
        errorHandler: (err: Error) => log.warn({ err: err.message }, 'postgres adapter error'),
      }),
    );
  }
  return async () => {};
}

/**
 * Resolves once every broadcast this instance has started has reached the other instances' bus
 * (Redis or PostgreSQL); rejects if one of them failed. The cluster adapters send each broadcast with
 * `doPublish` (socket.io-adapter's ClusterAdapter extension point) and await it nobody; the in-memory
 * adapter writes to local sockets at once and needs no barrier. The webhook waits on this before it
 * marks a push handled, so an instance killed after its commit leaves the push to WeChat's retry.
 */
export function publishBarrier(adapter: unknown): () => Promise<void> {
  const cluster = adapter as { doPublish?: (message: unknown) => Promise<unknown> };
  if (typeof cluster.doPublish !== 'function') return async () => {};
  const publish = cluster.doPublish.bind(cluster);
  const pending = new Set<Promise<unknown>>();
  cluster.doPublish = (message) => {
    const sent = publish(message);
    pending.add(sent);
    const settle = () => pending.delete(sent);
    sent.then(settle, settle);
    return sent;
  };
  return async () => {
    if (pending.size > 0) await Promise.all(pending);
  };
}
