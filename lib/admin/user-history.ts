import type { AuditEntry, Binding, User } from '../db/types';
import { NotFoundError } from '../errors';
import type { AdminCtx } from './context';
import { recordAdminAction } from './record-admin-action';

export const HISTORY_LIMIT = 200;

/** One account, its binding, and its history from the audit log (binds, unbinds, logins, codes), newest first. */
export async function userHistory(
  ctx: AdminCtx,
  {
    admin,
    userId,
  }: {
    admin: User;
    userId: number;
  },
): Promise<{ user: User; binding: Binding | null; entries: AuditEntry[] }> {
  const { repos, db } = ctx;
  const user = await repos.users.findById(userId);
  if (!user) throw new NotFoundError('user_not_found');
  const binding = await repos.bindings.findByUser(userId);
  const entries = await db.ops.searchAudit({ userId, limit: HISTORY_LIMIT });
  // Rows about the openid but not the account (e.g. a refused bind by this WeChat) belong here too.
  if (binding) {
    const seen = new Set(entries.map((e) => e.id));
    for (const e of await db.ops.searchAudit({ openid: binding.openid, limit: HISTORY_LIMIT }))
      if (!seen.has(e.id)) entries.push(e);
    entries.sort((a, b) => b.id - a.id);
  }
  await recordAdminAction(ctx, admin, 'view_user', { userId });
  return { user, binding, entries: entries.slice(0, HISTORY_LIMIT) };
}
