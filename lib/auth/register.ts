import type { Ctx } from '../context';
import { ConflictError } from '../errors';
import type { User } from '../db/types';
import { hashPassword } from './password';
import type { CredentialsInput } from './input';
import type { z } from 'zod';

/** Creates an account; a taken email is a ConflictError and changes nothing. */
export async function registerUser(
  { repos, now }: Pick<Ctx, 'repos' | 'now'>,
  input: z.infer<typeof CredentialsInput>,
): Promise<User> {
  const user = await repos.users.create({
    email: input.email,
    passwordHash: await hashPassword(input.password),
    now: now(),
  });
  if (!user) throw new ConflictError('email_taken');
  await repos.audit.add({ at: now(), action: 'user.registered', userId: user.id, openid: null, detail: null });
  return user;
}
