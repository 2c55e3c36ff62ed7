import { createBindLink } from '../auth/bind-link';
import type { Ctx } from '../context';
import type { CheckInResult } from '../db/types';
import { t } from '../i18n';
import type { Scene } from '../scene';
import { publishBoard } from './board';

/**
 * A follower scanned the door QR. A QR past its minute is refused (a photo of the screen sent around);
 * an unbound follower gets a link to bind; a signed-up one is checked in once ("签到成功，您是第 N 位"),
 * a walk-in only when the event allows it; a second scan is "已签到".
 */
export async function checkinFromScan(ctx: Ctx, scene: Scene<'checkin'>, openid: string): Promise<string> {
  const { repos, now, config } = ctx;
  const eventId = scene.detail?.eventId;
  if (scene.status !== 'pending' || scene.expiresAt <= now()) return t('zh', 'events.checkin.expiredQr');
  const event = eventId === undefined ? null : await repos.events.get(eventId);
  if (!event) return t('zh', 'reply.unknownScene');
  const binding = await repos.bindings.findByOpenid(openid);
  if (!binding)
    return t('zh', 'events.checkin.bindFirst', {
      link: createBindLink(config.publicUrl, config.appSecret, openid, now()),
    });
  const result: CheckInResult = await repos.events.checkIn({
    eventId: event.id,
    userId: binding.userId,
    now: now(),
    walkIn: event.walkInsAllowed,
  });
  switch (result.state) {
    case 'checked_in':
      await publishBoard(ctx, event.id);
      return t('zh', 'events.checkin.ok', { n: result.arrival, title: event.title });
    case 'already':
      return t('zh', 'events.checkin.already', { n: result.arrival });
    case 'not_signed_up':
      return t('zh', 'events.checkin.notSignedUp', { title: event.title });
    default:
      return t('zh', 'reply.unknownScene');
  }
}
