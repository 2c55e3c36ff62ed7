import type { User } from '../db/types';
import { ForbiddenError } from '../errors';
import { services } from '../services';

/** An administrator is an account whose e-mail is listed in ADMIN_EMAILS (stored e-mails are lower-case). */
export function isAdmin(user: Pick<User, 'email'> | null | undefined): boolean {
  if (!user) return false;
  return services().config.adminEmails.includes(user.email.toLowerCase());
}

export function throwUnlessAdmin(user: User): void {
  if (!isAdmin(user)) throw new ForbiddenError('admin_only');
}
