import type { Repos } from '../db/types';
import { CODE_TTL_MS, hashVerificationCode, newVerificationCode } from './code';

/**
 * Creates a fresh code for a user inside the caller's transaction; every older unused code dies with
 * it. Returns the plain code, which only ever leaves the process towards the user's WeChat.
 */
export async function issueVerificationCode(
  tx: Repos,
  { userId, secret, now }: { userId: number; secret: string; now: number },
): Promise<{ code: string; expiresAt: number }> {
  const { code, codeHash, expiresAt } = newCodeFor({ userId, secret, now });
  await tx.codes.retireForUser(userId, now);
  await tx.codes.insert({ userId, codeHash, attempts: 0, createdAt: now, expiresAt, usedAt: null });
  return { code, expiresAt };
}

/** A fresh code for a user, its hash (what is stored) and when it expires. */
export function newCodeFor({ userId, secret, now }: { userId: number; secret: string; now: number }) {
  const code = newVerificationCode();
  return { code, codeHash: hashVerificationCode(secret, userId, code), expiresAt: now + CODE_TTL_MS };
}
