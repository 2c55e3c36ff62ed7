import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * WeChat's request signature: sha1 hex of the sorted parts joined without separator.
 * Without `encrypt` this is the `signature` query parameter; with it, `msg_signature`.
 *
 * @example computeSignature('AAAAA', '1714036504', '1514711492') // 'f464b24f…'
 */
export function computeSignature(token: string, timestamp: string, nonce: string, encrypt?: string): string {
  const parts = encrypt === undefined ? [token, timestamp, nonce] : [token, timestamp, nonce, encrypt];
  return createHash('sha1').update(parts.sort().join(''), 'utf8').digest('hex');
}

/** Constant-time check of a signature received from WeChat; false on any missing or malformed input. */
export function verifySignature(
  expected: unknown,
  token: unknown,
  timestamp: unknown,
  nonce: unknown,
  encrypt?: unknown,
): boolean {
  if (!isNonEmptyString(expected) || !isNonEmptyString(token)) return false;
  if (typeof timestamp !== 'string' || typeof nonce !== 'string') return false;
  if (encrypt !== undefined && typeof encrypt !== 'string') return false;
  const actual = Buffer.from(computeSignature(token, timestamp, nonce, encrypt), 'utf8');
  const given = Buffer.from(expected, 'utf8');
  if (given.length !== actual.length) return false;
  return timingSafeEqual(given, actual);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** A random nonce of digits, like WeChat's. */
export function randomNonce(random: (n: number) => Buffer = randomBytes): string {
  return String(random(4).readUInt32BE(0));
}
