import type { z } from 'zod';
import type { Ctx } from '../context';
import type { User } from '../db/types';
import { ConflictError } from '../errors';
import type { CredentialsInput } from './input';
import { hashPassword } from './password';

/**
 * A WeChat-only account (SIGNUP_WECHAT_ONLY=1) adds an e-mail and a password in settings, once; from
 * then on it can also sign in with them. An account that has an e-mail already is refused.
 */
export async function addCredentials(
  { repos, now }: Pick<Ctx, 'repos' | 'now'>,
  user: User,
  input: z.infer<typeof CredentialsInput>,
): Promise<User> {
  if (user.email !== null) throw new ConflictError('has_email');
  const at = now();
  const result = await repos.users.addCredentials(user.id, input.email, await hashPassword(input.password), at);
  if (result !== 'ok') throw new ConflictError(result);
  await repos.audit.add({ at, action: 'user.credentials_added', userId: user.id, openid: null, detail: null });
  return { ...user, email: input.email, passwordChangedAt: at };
}
