import type { Ctx } from '../context';
import { maskOpenid } from '../log';
import { enqueueEvent } from '../webhooks/enqueue-event';

/**
 * WeChat says a user withdrew their authorization (`user_authorization_revoke`) or deleted their WeChat
 * account (`user_authorization_cancellation`): WeBind unbinds them (its own account or a host site's),
 * deletes what else it holds on that openid (customer-service windows, link nonces, the openid on
 * scenes), tells host sites (`user.authorization_revoked`, `binding.deleted`), and records that it did so
 * with the openid masked: the record must not keep what was deleted.
 * 授权用户信息变更: https://developers.weixin.qq.com/doc/service/guide/h5/authorization_change.html
 */
export async function forgetWeChatUser(
  { repos, notify, now, log }: Pick<Ctx, 'repos' | 'notify' | 'now' | 'log'>,
  { openid, reason, revokeInfo }: { openid: string; reason: 'revoke' | 'cancellation'; revokeInfo: string | null },
): Promise<{ unboundUserId: number | null }> {
  const at = now();
  const via = reason === 'revoke' ? 'wechat_revoke' : 'wechat_cancellation';
  const removed = await repos.transaction(async (tx) => {
    const host = await tx.hostBindings.findByOpenid(openid);
    const own = await tx.bindings.findByOpenid(openid);
    const subject = { openid, externalUserId: host?.externalUserId ?? null, userId: own?.userId ?? null };
    await enqueueEvent(tx, 'user.authorization_revoked', { ...subject, revokeInfo }, at);
    if (own) {
      await tx.bindings.delete(own.userId);
      await enqueueEvent(tx, 'binding.deleted', { ...subject, externalUserId: null, bindingId: null, via }, at);
    }
    if (host) {
      await tx.hostBindings.delete(host.id);
      await enqueueEvent(tx, 'binding.deleted', { ...subject, userId: null, bindingId: host.id, via }, at);
    }
    await tx.privacy.forgetOpenid(openid);
    await tx.audit.add({
      at,
      action: reason === 'revoke' ? 'wechat.authorization_revoked' : 'wechat.account_cancelled',
      userId: own?.userId ?? null,
      openid: null,
      detail: { openid: maskOpenid(openid), unbound: own !== null || host !== null },
    });
    return own;
  });
  if (removed) notify.account(removed.userId, { wechat: null });
  log.info({ openid: maskOpenid(openid), reason, unbound: removed !== null }, 'wechat user data deleted on request');
  return { unboundUserId: removed?.userId ?? null };
}

/**
 * `user_info_modified`: WeChat cleaned up the user's profile. WeBind copies no nickname or avatar
 * (user/info has not returned them since 2021-12), so there is nothing to refresh; the event is recorded.
 */
export async function recordUserInfoModified(
  { repos, now }: Pick<Ctx, 'repos' | 'now'>,
  openid: string,
): Promise<void> {
  const binding = await repos.bindings.findByOpenid(openid);
  await repos.audit.add({
    at: now(),
    action: 'wechat.user_info_modified',
    userId: binding?.userId ?? null,
    openid: null,
    detail: { openid: maskOpenid(openid) },
  });
}
