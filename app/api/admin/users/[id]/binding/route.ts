// DELETE /api/admin/users/:id/binding { reason }: forced unbind by an administrator, audited with the reason.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { forceUnbind } from '@/lib/admin/force-unbind';
import { userIdFromPath } from '@/lib/admin/user-id';
import { readJson, withAdmin } from '@/lib/http/route';
import { services } from '@/lib/services';

const ForceUnbindInput = z.object({ reason: z.string('reason_required').max(2000, 'reason_required') });

export const DELETE = withAdmin(async ({ req, user }) => {
  const userId = userIdFromPath(req.nextUrl.pathname.replace(/\/binding$/, ''));
  const { reason } = await readJson(req, ForceUnbindInput);
  await forceUnbind(services(), { admin: user, userId, reason });
  return NextResponse.json({ ok: true });
});
