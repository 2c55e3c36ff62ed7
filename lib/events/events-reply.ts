import type { Ctx } from '../context';
import { t } from '../i18n';
import { createEventLink } from './event-link';

/** "报名" (or the EVENT_SIGNUP menu): the open events, and one signed link to sign up for them. */
export async function eventsReply(
  { repos, config, now }: Pick<Ctx, 'repos' | 'config' | 'now'>,
  openid: string,
): Promise<string> {
  const open = (await repos.events.listOpen(now())).slice(0, 5);
  if (open.length === 0) return t('zh', 'events.reply.none');
  const lines = open.map((e) => t('zh', 'events.reply.item', { title: e.title, left: e.capacity - e.signedUp }));
  return t('zh', 'events.reply.list', {
    events: lines.join('\n'),
    link: createEventLink(config.publicUrl, config.appSecret, openid, now()),
  });
}
