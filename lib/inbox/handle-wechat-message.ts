import { bindLinkReply } from '../auth/bind-link-reply';
import { unbindWechat } from '../binding/unbind-wechat';
import { bindingView } from '../binding/account-update';
import { t } from '../i18n';
import { maskEmail, maskOpenid } from '../log';
import { services } from '../services';
import type { WeChatMessage } from '../wechat';
import { handleScanEvent } from '../scan/handle-scan-event';

const UNBIND_WORDS = new Set(['解绑', 'unbind']);
const BIND_WORDS = new Set(['绑定', 'bind']);
export const BIND_MENU_KEY = 'BIND_ACCOUNT';

/**
 * The webhook's domain entry point: every verified, deduplicated message from WeChat comes here.
 * Returns the text of the passive reply, or null for `success`.
 */
export async function handleWeChatMessage(msg: WeChatMessage): Promise<string | null> {
  const openid = msg.fromUserName;
  switch (msg.kind) {
    case 'subscribe': {
      await setFollowing(openid, true);
      if (msg.scene) return handleScanEvent(services(), { openid, sceneId: msg.scene });
      return t('zh', 'reply.welcome');
    }
    case 'scan':
      return msg.scene ? handleScanEvent(services(), { openid, sceneId: msg.scene }) : null;
    case 'unsubscribe':
      // The binding stays; it is only marked, so a returning follower is still bound.
      await setFollowing(openid, false);
      return null;
    case 'text': {
      const word = msg.content.trim().toLowerCase();
      if (UNBIND_WORDS.has(word)) return unbindFromWeChat(openid);
      if (BIND_WORDS.has(word)) return bindLinkReply(openid);
      return null;
    }
    case 'click':
      return msg.eventKey === BIND_MENU_KEY ? bindLinkReply(openid) : null;
    default:
      return null;
  }
}

async function setFollowing(openid: string, subscribed: boolean): Promise<void> {
  const { repos, notify, now } = services();
  const binding = await repos.bindings.setSubscribed(openid, subscribed, now());
  if (binding) notify.account(binding.userId, { wechat: bindingView(binding) });
}

async function unbindFromWeChat(openid: string): Promise<string> {
  const { repos, log } = services();
  const binding = await repos.bindings.findByOpenid(openid);
  if (!binding) return t('zh', 'reply.notBound');
  const user = await repos.users.findById(binding.userId);
  try {
    await unbindWechat({ userId: binding.userId, via: 'wechat' });
  } catch (err) {
    log.info({ openid: maskOpenid(openid), err: (err as Error).message }, 'unbind from wechat raced');
    return t('zh', 'reply.notBound');
  }
  return t('zh', 'reply.unbound', { account: user ? maskEmail(user.email) : '' });
}
