import type { AccessTokenStore, CachedAccessToken } from './access-token';
import type { DedupClaim, DedupStore, ReplayStore } from './webhook';

/**
 * In-memory stores for one process: the simulator, tests and single-process development.
 * Production uses the database implementations, which share state between instances.
 */
interface MemoryOptions {
  /** Current time in ms since the epoch. */
  now?: () => number;
}

const SWEEP_EVERY = 1000;

/** A ReplayStore kept in a Map; entries expire after their TTL. */
export function createMemoryReplayStore(opts: MemoryOptions = {}): ReplayStore & { size(): number } {
  const now = opts.now ?? Date.now;
  const seen = new Map<string, { bodyHash: string; expiresAt: number }>();
  let calls = 0;
  return {
    async remember(key, bodyHash, ttlSeconds) {
      const t = now();
      if (++calls % SWEEP_EVERY === 0) sweep(seen, t);
      const entry = seen.get(key);
      if (entry && entry.expiresAt > t) return entry.bodyHash === bodyHash ? 'same' : 'conflict';
      seen.set(key, { bodyHash, expiresAt: t + ttlSeconds * 1000 });
      return 'new';
    },
    size: () => seen.size,
  };
}

type DedupEntry =
  | { state: 'pending'; leaseUntil: number; expiresAt: number }
  | { state: 'done'; reply: string; expiresAt: number };

/** A DedupStore kept in a Map, with the same lease semantics the database implementation must have. */
export function createMemoryDedupStore(opts: MemoryOptions = {}): DedupStore & { size(): number } {
  const now = opts.now ?? Date.now;
  const entries = new Map<string, DedupEntry>();
  let calls = 0;
  return {
    async claim(key, leaseMs, ttlSeconds): Promise<DedupClaim> {
      const t = now();
      if (++calls % SWEEP_EVERY === 0) sweep(entries, t);
      const entry = entries.get(key);
      if (entry && entry.expiresAt > t) {
        if (entry.state === 'done') return { state: 'done', reply: entry.reply };
        if (entry.leaseUntil > t) return { state: 'busy' };
      }
      // New, expired, or a lease whose holder crashed or stalled: take it.
      entries.set(key, { state: 'pending', leaseUntil: t + leaseMs, expiresAt: t + ttlSeconds * 1000 });
      return { state: 'claimed' };
    },
    async complete(key, reply) {
      const entry = entries.get(key);
      const expiresAt = entry?.expiresAt ?? now() + 86_400_000;
      entries.set(key, { state: 'done', reply, expiresAt });
    },
    async release(key) {
      if (entries.get(key)?.state === 'pending') entries.delete(key);
    },
    size: () => entries.size,
  };
}

/** An AccessTokenStore kept in memory (one process only). */
export function createMemoryAccessTokenStore(initial: CachedAccessToken | null = null): AccessTokenStore {
  let cached = initial;
  return {
    async get() {
      return cached;
    },
    async set(value) {
      cached = { ...value };
    },
    async clearIf(token) {
      if (cached?.token !== token) return false;
      cached = null;
      return true;
    },
  };
}

function sweep(map: Map<string, { expiresAt: number }>, t: number): void {
  for (const [key, entry] of map) if (entry.expiresAt <= t) map.delete(key);
}
