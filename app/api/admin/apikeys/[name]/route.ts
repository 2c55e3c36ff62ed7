// DELETE /api/admin/apikeys/:name: revoke the live key of that name.
import { NextResponse } from 'next/server';
import { adminRevokeApiKey } from '@/lib/admin/integrations';
import { withAdmin } from '@/lib/http/route';
import { services } from '@/lib/services';

export const DELETE = withAdmin(async ({ req, user }) => {
  const name = decodeURIComponent(req.nextUrl.pathname.split('/').at(-1) ?? '');
  await adminRevokeApiKey(services(), user, name);
  return NextResponse.json({ ok: true });
});
