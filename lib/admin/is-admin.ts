import type { User } from '../db/types';
import { ForbiddenError } from '../errors';
import type { Config } from '../config';

/** An administrator is an account whose e-mail is listed in ADMIN_EMAILS (stored e-mails are lower-case). */
export function isAdmin(config: Pick<Config, 'adminEmails'>, user: Pick<User, 'email'> | null | undefined): boolean {
  if (!user) return false;
  return user.email !== null && config.adminEmails.includes(user.email.toLowerCase());
}

export function throwUnlessAdmin(config: Pick<Config, 'adminEmails'>, user: User): void {
  if (!isAdmin(config, user)) throw new ForbiddenError('admin_only');
}
