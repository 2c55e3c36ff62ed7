import type { BindingSearchHit } from '../db/ops';
import type { HostBinding, User } from '../db/types';
import { findHostBindings } from '../host/host-bindings';
import type { AdminCtx } from './context';
import { recordAdminAction } from './record-admin-action';

export const SEARCH_LIMIT = 50;

/**
 * Accounts by e-mail (part of it) or bound openid (exact), and host sites' bindings by external user id or openid. The search is audited: looking people up is
 * an administrator action.
 */
export async function searchBindings(
  ctx: AdminCtx,
  { admin, query }: { admin: User; query: string },
): Promise<{ accounts: BindingSearchHit[]; hosts: HostBinding[] }> {
  const text = query.normalize('NFKC').trim().slice(0, 200);
  if (text === '') return { accounts: [], hosts: [] };
  const accounts = await ctx.db.ops.searchBindings(text, SEARCH_LIMIT);
  // Host sites' users (server API): by their external user id or by openid, each exact.
  const hosts = [
    ...(await findHostBindings(ctx, { externalUserId: query.trim().slice(0, 200) })),
    ...(await findHostBindings(ctx, { openid: text })),
  ].filter((b, i, all) => all.findIndex((o) => o.id === b.id) === i);
  await recordAdminAction(ctx, admin, 'search', { query: text, hits: accounts.length + hosts.length });
  return { accounts, hosts };
}
