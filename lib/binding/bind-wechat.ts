import type { Repos } from '../db/types';
import { enqueueEvent, outboxEvent } from '../webhooks/enqueue-event';

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
  await enqueueEvent(tx, 'binding.created', boundEventData(userId, openid, now, via), now);
  return 'bound';
}

const boundEventData = (userId: number, openid: string, boundAt: number, via: string) => ({
  bindingId: null,
  externalUserId: null,
  userId,
  openid,
  boundAt,
  via,
});

/**
 * The binding.created outbox row a scan would write, for PostgreSQL's one-call scan, which learns the
 * account only from the scene it reads: its payload holds `"userId":0,` where that account's id goes.
 */
export function scanBoundEvent(openid: string, now: number): { id: string; payload: string } {
  const { id, payload } = outboxEvent('binding.created', boundEventData(0, openid, now, 'scan'), now);
  return { id, payload };
}
