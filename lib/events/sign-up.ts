import type { Ctx } from '../context';
import { deliverMessage } from '../delivery/deliver-message';
import { ConflictError, NotFoundError } from '../errors';
import { t } from '../i18n';
import { maskOpenid } from '../log';

/**
 * signUpForEvent(ctx, { eventId, userId }): takes a place (the database enforces capacity and deadline),
 * then, after the commit, a confirmation to the user's WeChat when bound. `already` is not an error:
 * tapping twice is harmless.
 */
export async function signUpForEvent(
  ctx: Pick<Ctx, 'repos' | 'now' | 'wechat' | 'log' | 'config'>,
  { eventId, userId }: { eventId: number; userId: number },
): Promise<{ state: 'ok' | 'already' }> {
  const result = await ctx.repos.events.signUp({ eventId, userId, now: ctx.now() });
  if (result === 'not_found') throw new NotFoundError('not_found');
  if (result === 'full') throw new ConflictError('event_full');
  if (result === 'closed') throw new ConflictError('event_closed');
  if (result === 'ok') await confirmInWeChat(ctx, eventId, userId);
  return { state: result };
}

/**
 * The confirmation goes through the one delivery chain (lib/delivery): a customer-service text while the
 * follower's window is open (they just wrote "报名" or tapped the menu), else it is not delivered and logged.
 * No template: WeBind configures only the code template. Best effort: the sign-up stands without it.
 */
async function confirmInWeChat(
  ctx: Pick<Ctx, 'repos' | 'wechat' | 'log' | 'config' | 'now'>,
  eventId: number,
  userId: number,
): Promise<void> {
  const [binding, event] = await Promise.all([ctx.repos.bindings.findByUser(userId), ctx.repos.events.get(eventId)]);
  if (!binding || !event) return;
  const text = t('zh', 'events.reply.signedUp', { title: event.title, place: event.place });
  deliverMessage(ctx, { openid: binding.openid, text })
    .then((delivery) => {
      if (!delivery.delivered)
        ctx.log.info(
          { openid: maskOpenid(binding.openid), attempts: delivery.attempts },
          'event confirmation not delivered',
        );
    })
    .catch((err: unknown) =>
      ctx.log.warn({ err: (err as Error).message, openid: maskOpenid(binding.openid) }, 'event confirmation not sent'),
    );
}
