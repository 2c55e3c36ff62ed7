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
  const code = newVerificationCode();
  const expiresAt = now + CODE_TTL_MS;
  await tx.codes.retireForUser(userId, now);
  await tx.codes.insert({
    userId,
    codeHash: hashVerificationCode(secret, userId, code),
    attempts: 0,
    createdAt: now,
    expiresAt,
    usedAt: null,
  });
  return { code, expiresAt };
}
