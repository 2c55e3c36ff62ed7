import type { HostBinding, User } from '../db/types';
import { deleteHostBinding } from '../host/host-bindings';
import type { AdminCtx } from './context';
import { checkReason } from './force-unbind';
import { recordAdminAction } from './record-admin-action';

/**
 * An administrator removes a host site's binding with a reason: the host is told (`binding.deleted`,
 * via `admin`) as when it deletes one itself, and the audit log says who did it and why.
 */
export async function forceUnbindHost(
  ctx: AdminCtx,
  { admin, bindingId, reason }: { admin: User; bindingId: string; reason: string },
): Promise<HostBinding> {
  const text = checkReason(reason);
  const removed = await deleteHostBinding(ctx, { id: bindingId, via: 'admin' });
  await recordAdminAction(ctx, admin, 'host_unbind', {
    bindingId: removed.id,
    externalUserId: removed.externalUserId,
    openid: removed.openid,
    reason: text,
  });
  return removed;
}
