import type { Binding, User } from '../db/types';
import { NotFoundError, ValidationError } from '../errors';
import { maskOpenid } from '../log';
import { enqueueEvent } from '../webhooks/enqueue-event';
import type { AdminCtx } from './context';

/**
 * An administrator removes a user's binding, with a reason. One audit row in the same transaction says
 * what happened to whom and who did it (`wechat.unbound`, via `admin`); the user's pages are told after.
 */
export async function forceUnbind(
  ctx: AdminCtx,
  {
    admin,
    userId,
    reason,
  }: {
    admin: User;
    userId: number;
    reason: string;
  },
): Promise<Binding> {
  const text = checkReason(reason);
  const { repos, notify, now, log } = ctx;
  const removed = await repos.transaction(async (tx) => {
    const binding = await tx.bindings.delete(userId);
    if (binding) {
      // Host sites hear about it like any other unbind.
      await enqueueEvent(
        tx,
        'binding.deleted',
        { bindingId: null, externalUserId: null, userId, openid: binding.openid, via: 'admin' },
        now(),
      );
      await tx.audit.add({
        at: now(),
        action: 'wechat.unbound',
        userId,
        openid: binding.openid,
        detail: { via: 'admin', adminId: admin.id, admin: admin.email, reason: text },
      });
    }
    return binding;
  });
  if (!removed) throw new NotFoundError('not_bound');
  notify.account(userId, { wechat: null });
  log.info({ userId, openid: maskOpenid(removed.openid), adminId: admin.id }, 'wechat unbound by an administrator');
  return removed;
}

/** A forced unbind needs a reason of 3 to 500 characters (kept as typed, trimmed). */
export function checkReason(reason: string): string {
  const text = reason.trim();
  if (text.length < 3 || text.length > 500) throw new ValidationError('reason_required', undefined, 'reason');
  return text;
}
