import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { pooledRandomBytes } from '../lib/random';
import type { DedupStore } from '../lib/wechat';

const PREFIX = 'sealed1:';

/**
 * The dedup store keeps each push's passive reply so that WeChat's retries get the same answer. Those
 * replies hold reset codes, signed bind links and login confirm links: they are stored sealed with
 * AES-256-GCM under a key derived from APP_SECRET (HKDF-SHA256), the dedup key as associated data, so
 * a database dump or backup read during the replies' ~11 minutes holds no usable secret, and a sealed
 * reply cannot be moved to another row. A reply that cannot be opened (APP_SECRET rotated) is answered
 * as `success`: the work was done; only the repeat of its reply is lost.
 */
export function sealedDedupStore(
  inner: DedupStore,
  appSecret: string,
): DedupStore & { open(dedupKey: string, stored: string): string } {
  const key = Buffer.from(hkdfSync('sha256', appSecret, 'webind', 'webhook dedup reply v1', 32));
  const seal = (dedupKey: string, reply: string) => {
    const iv = pooledRandomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(dedupKey, 'utf8'));
    const body = Buffer.concat([cipher.update(reply, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  };
  const open = (dedupKey: string, stored: string): string => {
    if (stored === 'success' || stored === '') return stored;
    if (!stored.startsWith(PREFIX)) return 'success';
    try {
      const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
        .setAAD(Buffer.from(dedupKey, 'utf8'))
        .setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return 'success';
    }
  };
  return {
    /** A stored reply read some other way (PostgreSQL's one-call scan), opened. */
    open,
    async claim(dedupKey, leaseMs, ttlSeconds) {
      const claim = await inner.claim(dedupKey, leaseMs, ttlSeconds);
      return claim.state === 'done' ? { state: 'done', reply: open(dedupKey, claim.reply) } : claim;
    },
    complete: (dedupKey, reply) =>
      inner.complete(dedupKey, reply === 'success' || reply === '' ? reply : seal(dedupKey, reply)),
    release: (dedupKey) => inner.release(dedupKey),
  };
}
