import { createHash, randomBytes } from 'node:crypto';
import type { ApiKey, Repos } from '../db/types';
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '../errors';

export const API_KEY_PREFIX = 'wbk_';
export const DEFAULT_RATE_PER_MINUTE = 600;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** sha256 of a key: what the database keeps (a stolen database yields no usable key). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Creates a key named `name` and returns it: the only time it exists in clear. Effective at once,
 * on every instance (keys are looked up in the database on each call).
 */
export async function createApiKey(
  repos: Repos,
  input: { name: string; ratePerMinute?: number },
  now: number,
): Promise<{ key: string; name: string; ratePerMinute: number }> {
  if (!NAME.test(input.name)) throw new ValidationError('invalid_key_name');
  const ratePerMinute = input.ratePerMinute ?? DEFAULT_RATE_PER_MINUTE;
  if (!Number.isInteger(ratePerMinute) || ratePerMinute < 1 || ratePerMinute > 100_000)
    throw new ValidationError('invalid_rate');
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const created = await repos.transaction(async (tx) => {
    const result = await tx.apiKeys.create({ name: input.name, keyHash: hashApiKey(key), ratePerMinute, now });
    if (result === 'ok')
      await tx.audit.add({
        at: now,
        action: 'apikey.created',
        userId: null,
        openid: null,
        detail: { key: input.name },
      });
    return result;
  });
  if (created === 'name_taken') throw new ConflictError('key_name_taken');
  return { key, name: input.name, ratePerMinute };
}

/** Revokes the live key named `name`; the next call with it is refused. */
export async function revokeApiKey(repos: Repos, name: string, now: number): Promise<void> {
  const revoked = await repos.transaction(async (tx) => {
    const done = await tx.apiKeys.revoke(name, now);
    if (done)
      await tx.audit.add({ at: now, action: 'apikey.revoked', userId: null, openid: null, detail: { key: name } });
    return done;
  });
  if (!revoked) throw new NotFoundError('key_not_found');
}

/** The live key an `Authorization: Bearer wbk_…` header names, or 401. */
export async function authenticateApiKey(repos: Repos, authorization: string | null): Promise<ApiKey> {
  const match = /^Bearer\s+(\S{1,200})$/i.exec(authorization?.trim() ?? '');
  if (!match) throw new UnauthorizedError('api_key_missing');
  const key = match[1];
  if (!key.startsWith(API_KEY_PREFIX)) throw new UnauthorizedError('api_key_invalid');
  const found = await repos.apiKeys.findByHash(hashApiKey(key));
  if (!found) throw new UnauthorizedError('api_key_invalid');
  return found;
}
