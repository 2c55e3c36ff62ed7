import type { Ctx } from '../context';
import type { z } from 'zod';
import { UnauthorizedError } from '../errors';
import type { User } from '../db/types';
import { DUMMY_PASSWORD_HASH, verifyPassword } from './password';
import type { LoginInput } from './input';
import { limit } from '../rate-limit';

/** Checks email + password, rate-limited per account and per IP. */
export async function authenticate(
  ctx: Pick<Ctx, 'repos' | 'now'>,
  input: z.infer<typeof LoginInput>,
  ip: string | null,
): Promise<User> {
  await limit(ctx, `login:email:${input.email}`, 10, 15 * 60_000);
  if (ip) await limit(ctx, `login:ip:${ip}`, 50, 15 * 60_000);
  const found = await ctx.repos.users.findByEmail(input.email);
  // Unknown emails cost the same scrypt as known ones: no timing oracle for account discovery.
  const ok = await verifyPassword(input.password, found?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!found || !ok) throw new UnauthorizedError('invalid_credentials');
  const { passwordHash: _omit, ...user } = found;
  return user;
}
