import { randomBytes } from 'node:crypto';
import type { HostBinding } from '../db/types';
import { NotFoundError } from '../errors';
import type { Ctx } from '../context';
import { enqueueEvent } from '../webhooks/enqueue-event';

export function newHostBindingId(): string {
  return `bnd_${randomBytes(12).toString('base64url')}`;
}

export function bindingView(b: HostBinding) {
  return { id: b.id, externalUserId: b.externalUserId, openid: b.openid, boundAt: b.boundAt };
}

/** GET /api/v1/bindings: by the host's user id or by openid (each side has at most one binding). */
export async function findHostBindings(
  { repos }: Ctx,
  query: { externalUserId?: string; openid?: string },
): Promise<HostBinding[]> {
  const found = query.externalUserId
    ? await repos.hostBindings.findByExternalUserId(query.externalUserId)
    : query.openid
      ? await repos.hostBindings.findByOpenid(query.openid)
      : null;
  return found ? [found] : [];
}

/** Deletes a host binding and writes `binding.deleted` in the same transaction. */
export async function deleteHostBinding(
  { repos, now }: Ctx,
  { id, via }: { id: string; via: string },
): Promise<HostBinding> {
  const at = now();
  const removed = await repos.transaction(async (tx) => {
    const binding = await tx.hostBindings.delete(id);
    if (!binding) return null;
    await tx.audit.add({
      at,
      action: 'host.unbound',
      userId: null,
      openid: binding.openid,
      detail: { externalUserId: binding.externalUserId, via },
    });
    await enqueueEvent(
      tx,
      'binding.deleted',
      { bindingId: binding.id, externalUserId: binding.externalUserId, userId: null, openid: binding.openid, via },
      at,
    );
    return binding;
  });
  if (!removed) throw new NotFoundError('binding_not_found');
  return removed;
}
