import { randomInt } from 'node:crypto';
import { sign, verifySigned } from '../signing';

/** A code lives 10 minutes, is used once, and dies after five wrong tries. */
export const CODE_TTL_MS = 10 * 60_000;
export const CODE_MAX_ATTEMPTS = 5;
export const CODE_TTL_MINUTES = CODE_TTL_MS / 60_000;

/** Six digits, uniformly drawn (leading zeros kept). */
export function newVerificationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * HMAC-SHA256 under APP_SECRET over the user id and the code: a million codes are trivial to hash
 * offline, so a leaked table must not be enough to read them back, and one user's hash never matches another's.
 */
export function hashVerificationCode(secret: string, userId: number, code: string): string {
  return sign(secret, 'verification-code', [String(userId), code]);
}

/** Constant-time comparison of a typed code with a stored hash. */
export function verificationCodeMatches(secret: string, userId: number, code: string, codeHash: string): boolean {
  return verifySigned(secret, 'verification-code', [String(userId), code], codeHash);
}
