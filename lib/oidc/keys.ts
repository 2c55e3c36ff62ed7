import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { OidcKey, OidcRepo } from '../db/types';

/** ID tokens live an hour (lib/oidc/provider.ts); a retired key stays published that long and a margin. */
export const ID_TOKEN_TTL_SECONDS = 3600;
export const RETIRED_KEY_PUBLISHED_MS = 2 * ID_TOKEN_TTL_SECONDS * 1000;

/** A fresh RS256 signing key (RS256 is the algorithm every OpenID Connect client must accept). */
export function newSigningKey(now: number): OidcKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(12).toString('base64url');
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  return { kid, jwk, createdAt: now, retiredAt: null };
}

/**
 * The keys oidc-provider gets: the signing key first (the oldest unretired one, so instances that
 * raced at first start still agree), then retired keys still inside their publication window, so an
 * ID token signed before a rotation keeps validating until it expires. Generates the first key when
 * the database has none: keys are never regenerated at a restart.
 */
export async function loadSigningKeys(repo: OidcRepo, now: number): Promise<Record<string, unknown>[]> {
  let keys = await repo.listKeys();
  if (!keys.some((k) => k.retiredAt === null)) {
    await repo.insertKey(newSigningKey(now));
    keys = await repo.listKeys();
  }
  const active = keys.filter((k) => k.retiredAt === null);
  const retired = keys
    .filter((k) => k.retiredAt !== null && k.retiredAt > now - RETIRED_KEY_PUBLISHED_MS)
    .sort((a, b) => (b.retiredAt ?? 0) - (a.retiredAt ?? 0));
  return [...active, ...retired].map((k) => k.jwk);
}

/**
 * Rotation: a new key signs from the next start of each instance; every older key is retired and
 * stays in the JWKS for RETIRED_KEY_PUBLISHED_MS, then cleanup deletes it.
 */
export async function rotateSigningKeys(repo: OidcRepo, now: number): Promise<{ kid: string; retired: number }> {
  const key = newSigningKey(now);
  await repo.insertKey(key);
  const retired = await repo.retireKeysExcept(key.kid, now);
  return { kid: key.kid, retired };
}
