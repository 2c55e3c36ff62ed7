import { bindLinkReply } from '../auth/bind-link-reply';
import { forgetWeChatUser, recordUserInfoModified } from '../binding/forget-wechat-user';
import { bindingView } from '../binding/account-update';
import { unbindWechat } from '../binding/unbind-wechat';
import type { Ctx } from '../context';
import { recordServiceWindow, windowOf } from '../delivery/windows';
import type { Repos } from '../db/types';
import { deleteHostBinding } from '../host/host-bindings';
import { t } from '../i18n';
import { maskEmail, maskOpenid } from '../log';
import { eventsReply } from '../events/events-reply';
import { handleScanEvent, handleScanInOneCall } from '../scan/handle-scan-event';
import { type Admission, type Admitted, type MessageOutcome, RELAY, type WeChatMessage } from '../wechat';
import { enqueueEvent } from '../webhooks/enqueue-event';
import type { WebhookSubject } from '../webhooks/event-types';
import { handleKeywordCode } from '../scan/handle-keyword-code';
import { isWeBindScene } from '../scene/scene-id';

const UNBIND_WORDS = new Set(['解绑', 'unbind']);
const BIND_WORDS = new Set(['绑定', 'bind']);
export const BIND_MENU_KEY = 'BIND_ACCOUNT';
const EVENT_WORDS = new Set(['报名', 'signup']);
export const EVENT_MENU_KEY = 'EVENT_SIGNUP';

/**
 * The webhook's domain entry point: every verified, deduplicated message from WeChat comes here.
 * Returns the text of the passive reply, null for `success`, or RELAY for a push that is not WeBind's
 * (with WECHAT_RELAY_URL set, it goes to the site's existing server, whose reply is returned).
 */
export async function handleWeChatMessage(ctx: Ctx, msg: WeChatMessage): Promise<MessageOutcome> {
  const openid = msg.fromUserName;
  const relay = ctx.config.relayUrl ? RELAY : null;
  // Every push opens (or closes) a customer-service window: the delivery chain reads them.
  await recordServiceWindow(ctx, msg);
  switch (msg.kind) {
    case 'subscribe': {
      await setFollowing(ctx, openid, true, msg.scene ?? null);
      // A follow through a QR that is not WeBind's (the account's channel QRs) is still a follow: welcome.
      if (msg.scene && isWeBindScene(msg.scene)) return handleScanEvent(ctx, { openid, sceneId: msg.scene });
      return relay ?? t('zh', 'reply.welcome');
    }
    case 'scan':
      // Another QR of the account (no wb_ prefix): not ours to answer.
      return msg.scene && isWeBindScene(msg.scene) ? handleScanEvent(ctx, { openid, sceneId: msg.scene }) : relay;
    case 'unsubscribe':
      // The binding stays; it is only marked, so a returning follower is still bound.
      await setFollowing(ctx, openid, false, null);
      return relay;
    case 'text': {
      const keyword = await handleKeywordCode(ctx, openid, msg.content);
      if (keyword !== null) return keyword;
      const word = msg.content.trim().toLowerCase();
      if (UNBIND_WORDS.has(word)) return unbindFromWeChat(ctx, openid);
      if (BIND_WORDS.has(word)) return bindLinkReply(ctx, openid);
      if (EVENT_WORDS.has(word)) return eventsReply(ctx, openid);
      await reportMessage(ctx, openid, msg.content, msg.msgId ?? null, Number(msg.createTime));
      return relay;
    }
    case 'click':
      if (msg.eventKey === EVENT_MENU_KEY) return eventsReply(ctx, openid);
      return msg.eventKey === BIND_MENU_KEY ? bindLinkReply(ctx, openid) : relay;
    // 授权用户信息变更: from WeChat's push service about msg.openid (FromUserName is not the user).
    // https://developers.weixin.qq.com/doc/service/guide/h5/authorization_change.html
    case 'user_authorization_revoke':
      await forgetWeChatUser(ctx, { openid: msg.openid, reason: 'revoke', revokeInfo: msg.revokeInfo ?? null });
      return null;
    case 'user_authorization_cancellation':
      await forgetWeChatUser(ctx, { openid: msg.openid, reason: 'cancellation', revokeInfo: null });
      return null;
    case 'user_info_modified':
      await recordUserInfoModified(ctx, msg.openid);
      return null;
    default:
      return relay;
  }
}

/**
 * The webhook's one-round-trip entry (lib/wechat `onAdmittedMessage`): on PostgreSQL a scan of a WeBind
 * QR is recorded, claimed, windowed and handled in one database call (`handleScanInOneCall`); anything
 * else, and everything on SQLite, is declined (null) and goes through `handleWeChatMessage`.
 */
export async function admitWeChatMessage(ctx: Ctx, msg: WeChatMessage, admission: Admission): Promise<Admitted | null> {
  if (!ctx.repos.scanCall || msg.kind !== 'scan' || !msg.scene || !isWeBindScene(msg.scene)) return null;
  const window = windowOf(ctx, msg);
  return handleScanInOneCall(
    ctx,
    { openid: msg.fromUserName, sceneId: msg.scene, window: window && window !== 'close' ? window : null },
    admission,
  );
}

/** Who an openid is on the site: a host user, a WeBind account, or nobody yet. */
async function subjectOf(tx: Repos, openid: string): Promise<WebhookSubject> {
  const host = await tx.hostBindings.findByOpenid(openid);
  const own = host ? null : await tx.bindings.findByOpenid(openid);
  return { openid, externalUserId: host?.externalUserId ?? null, userId: own?.userId ?? null };
}

async function setFollowing(
  { repos, notify, now }: Ctx,
  openid: string,
  subscribed: boolean,
  sceneId: string | null,
): Promise<void> {
  const at = now();
  const binding = await repos.transaction(async (tx) => {
    const changed = await tx.bindings.setSubscribed(openid, subscribed, at);
    const subject = await subjectOf(tx, openid);
    if (subscribed) await enqueueEvent(tx, 'follower.subscribed', { ...subject, sceneId }, at);
    else await enqueueEvent(tx, 'follower.unsubscribed', subject, at);
    return changed;
  });
  if (binding) notify.account(binding.userId, { wechat: bindingView(binding) });
}

/** A bound user's text becomes `message.received` (the webhook dedupes by MsgId before this runs). */
async function reportMessage(
  { repos, now }: Ctx,
  openid: string,
  text: string,
  msgId: string | null,
  createTime: number,
): Promise<void> {
  await repos.transaction(async (tx) => {
    const subject = await subjectOf(tx, openid);
    if (subject.externalUserId === null && subject.userId === null) return;
    await enqueueEvent(tx, 'message.received', { ...subject, msgId, text, createTime }, now());
  });
}

async function unbindFromWeChat(ctx: Ctx, openid: string): Promise<string> {
  const { repos, log } = ctx;
  const binding = await repos.bindings.findByOpenid(openid);
  if (!binding) {
    // A host site's user unbinding from WeChat.
    const host = await repos.hostBindings.findByOpenid(openid);
    if (!host) return t('zh', 'reply.notBound');
    try {
      await deleteHostBinding(ctx, { id: host.id, via: 'wechat' });
    } catch {
      return t('zh', 'reply.notBound');
    }
    return t('zh', 'host.reply.unbound', { site: new URL(ctx.config.publicUrl).host });
  }
  const user = await repos.users.findById(binding.userId);
  try {
    await unbindWechat(ctx, { userId: binding.userId, via: 'wechat' });
  } catch (err) {
    log.info({ openid: maskOpenid(openid), err: (err as Error).message }, 'unbind from wechat raced');
    return t('zh', 'reply.notBound');
  }
  return t('zh', 'reply.unbound', { account: user ? maskEmail(user.email) : '' });
}
