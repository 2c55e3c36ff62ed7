import type { z } from 'zod';
import { UnauthorizedError } from '../errors';
import { services } from '../services';
import type { User } from '../db/types';
import { DUMMY_PASSWORD_HASH, verifyPassword } from './password';
import type { LoginInput } from './input';
import { limit } from '../rate-limit';

/** Checks email + password, rate-limited per account and per IP. */
export async function authenticate(input: z.infer<typeof LoginInput>, ip: string | null): Promise<User> {
  await limit(`login:email:${input.email}`, 10, 15 * 60_000);
  if (ip) await limit(`login:ip:${ip}`, 50, 15 * 60_000);
  const found = await services().repos.users.findByEmail(input.email);
  // Unknown emails cost the same scrypt as known ones: no timing oracle for account discovery.
  const ok = await verifyPassword(input.password, found?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!found || !ok) throw new UnauthorizedError('invalid_credentials');
  const { passwordHash: _omit, ...user } = found;
  return user;
}
