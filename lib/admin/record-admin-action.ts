import type { Repos, User } from '../db/types';
import type { AdminCtx } from './context';

/** Every administrator action is audited with who did it: `admin.<verb>` under the admin's own user id. */
export async function recordAdminAction(
  ctx: Pick<AdminCtx, 'now'> & { repos: Pick<Repos, 'audit'> },
  admin: User,
  verb: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await ctx.repos.audit.add({
    at: ctx.now(),
    action: `admin.${verb}`,
    userId: admin.id,
    openid: null,
    detail: { admin: admin.email, ...detail },
  });
}
