// DELETE /api/admin/host-bindings/:id { reason }: an administrator removes a host site's binding, audited.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { forceUnbindHost } from '@/lib/admin/force-unbind-host';
import { NotFoundError } from '@/lib/errors';
import { readJson, withAdmin } from '@/lib/http/route';
import { services } from '@/lib/services';

const Input = z.object({ reason: z.string('reason_required').max(2000, 'reason_required') });

export const DELETE = withAdmin(async ({ req, user }) => {
  const id = req.nextUrl.pathname.split('/').pop() ?? '';
  if (!/^bnd_[A-Za-z0-9_-]{1,64}$/.test(id)) throw new NotFoundError('binding_not_found');
  const { reason } = await readJson(req, Input);
  await forceUnbindHost(services(), { admin: user, bindingId: id, reason });
  return NextResponse.json({ ok: true });
});
