import type { Ctx } from '../context';
import { ConflictError, NotFoundError } from '../errors';
import { t } from '../i18n';
import { maskOpenid } from '../log';

/**
 * signUpForEvent(ctx, { eventId, userId }): takes a place (the database enforces capacity and deadline),
 * then, after the commit, a confirmation to the user's WeChat when bound. `already` is not an error:
 * tapping twice is harmless.
 */
export async function signUpForEvent(
  ctx: Pick<Ctx, 'repos' | 'now' | 'wechat' | 'log'>,
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
 * The confirmation goes as a customer-service text (the follower just wrote to the account, so the 48 h
 * window is open: https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html).
 * The delivery chain of the `rules` work was not on main when this was written. Best effort: the
 * sign-up stands without it.
 */
async function confirmInWeChat(
  { repos, wechat, log }: Pick<Ctx, 'repos' | 'wechat' | 'log'>,
  eventId: number,
  userId: number,
): Promise<void> {
  const [binding, event] = await Promise.all([repos.bindings.findByUser(userId), repos.events.get(eventId)]);
  if (!binding || !event) return;
  wechat
    .sendCustomText(binding.openid, t('zh', 'events.reply.signedUp', { title: event.title, place: event.place }))
    .catch((err: unknown) =>
      log.warn({ err: (err as Error).message, openid: maskOpenid(binding.openid) }, 'event confirmation not sent'),
    );
}
