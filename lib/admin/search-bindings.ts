import type { BindingSearchHit } from '../db/ops';
import type { User } from '../db/types';
import type { AdminCtx } from './context';
import { recordAdminAction } from './record-admin-action';

export const SEARCH_LIMIT = 50;

/**
 * Accounts by e-mail (part of it) or bound openid (exact). The search is audited: looking people up is
 * an administrator action.
 */
export async function searchBindings(
  ctx: AdminCtx,
  { admin, query }: { admin: User; query: string },
): Promise<BindingSearchHit[]> {
  const text = query.normalize('NFKC').trim().slice(0, 200);
  if (text === '') return [];
  const hits = await ctx.db.ops.searchBindings(text, SEARCH_LIMIT);
  await recordAdminAction(ctx, admin, 'search', { query: text, hits: hits.length });
  return hits;
}
