import type { Ctx } from '../context';
import type { Binding } from '../db/types';
import { deliverMessage } from '../delivery/deliver-message';
import { NotFoundError } from '../errors';
import { t } from '../i18n';
import { maskEmail, maskOpenid } from '../log';
import { enqueueEvent } from '../webhooks/enqueue-event';

/**
 * Removes a user's binding at once and records who did it ('web' from settings, 'wechat' by replying
 * 解绑). The user's open settings pages are told after the commit; an unbind from the web is also told
 * in WeChat (through the delivery chain, so only where WeChat allows a message), so that someone who
 * unbound an account that is not theirs cannot do it unseen.
 */
export async function unbindWechat(
  ctx: Pick<Ctx, 'repos' | 'notify' | 'now' | 'log' | 'wechat' | 'config'>,
  { userId, via }: { userId: number; via: 'web' | 'wechat' },
): Promise<Binding> {
  const { repos, notify, now, log } = ctx;
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
  if (via === 'web') void tellInWeChat(ctx, removed);
  return removed;
}

async function tellInWeChat(
  ctx: Pick<Ctx, 'repos' | 'log' | 'wechat' | 'config' | 'now'>,
  { userId, openid }: Binding,
): Promise<void> {
  try {
    const user = await ctx.repos.users.findById(userId);
    const text = t('zh', 'reply.unboundOnWeb', { account: user?.email ? maskEmail(user.email) : '' });
    const delivery = await deliverMessage(ctx, { openid, text });
    if (!delivery.delivered)
      ctx.log.info({ openid: maskOpenid(openid), attempts: delivery.attempts }, 'unbind notice not delivered');
  } catch (err) {
    ctx.log.warn({ err: (err as Error).message, openid: maskOpenid(openid) }, 'unbind notice not sent');
  }
}
