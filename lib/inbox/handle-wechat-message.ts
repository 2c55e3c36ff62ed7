import type { Ctx } from '../context';
import { bindLinkReply } from '../auth/bind-link-reply';
import { unbindWechat } from '../binding/unbind-wechat';
import { bindingView } from '../binding/account-update';
import { t } from '../i18n';
import { maskEmail, maskOpenid } from '../log';
import type { WeChatMessage } from '../wechat';
import { handleScanEvent } from '../scan/handle-scan-event';

const UNBIND_WORDS = new Set(['解绑', 'unbind']);
const BIND_WORDS = new Set(['绑定', 'bind']);
export const BIND_MENU_KEY = 'BIND_ACCOUNT';

/**
 * The webhook's domain entry point: every verified, deduplicated message from WeChat comes here.
 * Returns the text of the passive reply, or null for `success`.
 */
export async function handleWeChatMessage(ctx: Ctx, msg: WeChatMessage): Promise<string | null> {
  const openid = msg.fromUserName;
  switch (msg.kind) {
    case 'subscribe': {
      await setFollowing(ctx, openid, true);
      if (msg.scene) return handleScanEvent(ctx, { openid, sceneId: msg.scene });
      return t('zh', 'reply.welcome');
    }
    case 'scan':
      return msg.scene ? handleScanEvent(ctx, { openid, sceneId: msg.scene }) : null;
    case 'unsubscribe':
      // The binding stays; it is only marked, so a returning follower is still bound.
      await setFollowing(ctx, openid, false);
      return null;
    case 'text': {
      const word = msg.content.trim().toLowerCase();
      if (UNBIND_WORDS.has(word)) return unbindFromWeChat(ctx, openid);
      if (BIND_WORDS.has(word)) return bindLinkReply(ctx, openid);
      return null;
    }
    case 'click':
      return msg.eventKey === BIND_MENU_KEY ? bindLinkReply(ctx, openid) : null;
    default:
      return null;
  }
}

async function setFollowing({ repos, notify, now }: Ctx, openid: string, subscribed: boolean): Promise<void> {
  const binding = await repos.bindings.setSubscribed(openid, subscribed, now());
  if (binding) notify.account(binding.userId, { wechat: bindingView(binding) });
}

async function unbindFromWeChat(ctx: Ctx, openid: string): Promise<string> {
  const { repos, log } = ctx;
  const binding = await repos.bindings.findByOpenid(openid);
  if (!binding) return t('zh', 'reply.notBound');
  const user = await repos.users.findById(binding.userId);
  try {
    await unbindWechat(ctx, { userId: binding.userId, via: 'wechat' });
  } catch (err) {
    log.info({ openid: maskOpenid(openid), err: (err as Error).message }, 'unbind from wechat raced');
    return t('zh', 'reply.notBound');
  }
  return t('zh', 'reply.unbound', { account: user ? maskEmail(user.email) : '' });
}
