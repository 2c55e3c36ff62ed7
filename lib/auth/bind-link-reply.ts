import type { Ctx } from '../context';
import { t } from '../i18n';
import { maskEmail } from '../log';
import { createBindLink } from './bind-link';

/** A follower asked to bind ("绑定", or the BIND_ACCOUNT menu): a signed one-time link, or where it is already bound. */
export async function bindLinkReply(
  { repos, config, now }: Pick<Ctx, 'repos' | 'config' | 'now'>,
  openid: string,
): Promise<string> {
  const binding = await repos.bindings.findByOpenid(openid);
  if (binding) {
    const user = await repos.users.findById(binding.userId);
    return t('zh', 'reply.link.alreadyBound', { account: user ? maskEmail(user.email) : '' });
  }
  return t('zh', 'reply.link', { link: createBindLink(config.publicUrl, config.appSecret, openid, now()) });
}
