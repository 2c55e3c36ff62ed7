import type { Ctx } from '../context';
import { bindingView } from '../binding/account-update';
import type { User } from '../db/types';

export interface AccountView {
  user: { id: number; email: string | null; createdAt: number };
  wechat: { openid: string; boundAt: number; subscribed: boolean } | null;
}

/** What /api/me and the settings page show: the account and its binding, openid masked. */
export async function getAccount({ repos }: Pick<Ctx, 'repos'>, user: User): Promise<AccountView> {
  const binding = await repos.bindings.findByUser(user.id);
  return {
    user: { id: user.id, email: user.email, createdAt: user.createdAt },
    wechat: bindingView(binding),
  };
}
