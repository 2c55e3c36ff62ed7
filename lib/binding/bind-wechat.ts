import type { Repos } from '../db/types';
import { enqueueEvent } from '../webhooks/enqueue-event';

export type BindResult = 'bound' | 'same' | 'openid_taken' | 'user_taken';

/**
 * Binds openid ↔ user inside the caller's transaction and audits it. Binding the same pair again is
 * 'same' (a quiet success); either side already bound elsewhere is refused and changes nothing. The
 * unique constraints decide races between instances.
 */
export async function bindWechat(
  tx: Repos,
  { userId, openid, now, via }: { userId: number; openid: string; now: number; via: string },
): Promise<BindResult> {
  const byOpenid = await tx.bindings.findByOpenid(openid);
  if (byOpenid) return byOpenid.userId === userId ? 'same' : 'openid_taken';
  const result = await tx.bindings.insert({
    userId,
    openid,
    boundAt: now,
    subscribed: true,
    subscribedChangedAt: null,
  });
  if (result !== 'ok') return result;
  await tx.audit.add({ at: now, action: 'wechat.bound', userId, openid, detail: { via } });
  await enqueueEvent(
    tx,
    'binding.created',
    { bindingId: null, externalUserId: null, userId, openid, boundAt: now, via },
    now,
  );
  return 'bound';
}
