import type { Ctx } from '../context';
import { NotFoundError } from '../errors';
import { maskOpenid } from '../log';
import type { Binding } from '../db/types';
import { enqueueEvent } from '../webhooks/enqueue-event';

/**
 * Removes a user's binding at once and records who did it ('web' from settings, 'wechat' by replying
 * 解绑). The user's open settings pages are told after the commit.
 */
export async function unbindWechat(
  { repos, notify, now, log }: Pick<Ctx, 'repos' | 'notify' | 'now' | 'log'>,
  { userId, via }: { userId: number; via: 'web' | 'wechat' },
): Promise<Binding> {
  const removed = await repos.transaction(async (tx) => {
    const binding = await tx.bindings.delete(userId);
    if (binding) {
      await tx.audit.add({ at: now(), action: 'wechat.unbound', userId, openid: binding.openid, detail: { via } });
      await enqueueEvent(
        tx,
        'binding.deleted',
        { bindingId: null, externalUserId: null, userId, openid: binding.openid, via },
        now(),
      );
    }
    return binding;
  });
  if (!removed) throw new NotFoundError('not_bound');
  notify.account(userId, { wechat: null });
  log.info({ userId, openid: maskOpenid(removed.openid), via }, 'wechat unbound');
  return removed;
}
