import type { Ctx } from '../context';
import type { z } from 'zod';
import { UnauthorizedError } from '../errors';
import type { User } from '../db/types';
import { DUMMY_PASSWORD_HASH, verifyPassword } from './password';
import type { LoginInput } from './input';
import { limit } from '../rate-limit';

/**
 * Checks email + password. Throttled per client address first (50 tries / 15 min): an address already
 * over it is refused before anything else is counted or written, which also bounds the rate-limit rows
 * one address can create. Then per (address, account) with growing waits (5 / min, then 10 / 15 min):
 * guessing one account from one address slows down, but nobody can lock an account for everyone — its
 * owner, from another address, has a budget of their own.
 */
export async function authenticate(
  ctx: Pick<Ctx, 'repos' | 'now'>,
  input: z.infer<typeof LoginInput>,
  ip: string | null,
): Promise<User> {
  const from = ip || 'unknown';
  await limit(ctx, `login:ip:${from}`, 50, 15 * 60_000);
  await limit(ctx, `login:ip-email:1m:${from}:${input.email}`, 5, 60_000);
  await limit(ctx, `login:ip-email:15m:${from}:${input.email}`, 10, 15 * 60_000);
  const found = await ctx.repos.users.findByEmail(input.email);
  // Unknown emails cost the same scrypt as known ones: no timing oracle for account discovery.
  const ok = await verifyPassword(input.password, found?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!found || !ok) throw new UnauthorizedError('invalid_credentials');
  const { passwordHash: _omit, ...user } = found;
  return user;
}
