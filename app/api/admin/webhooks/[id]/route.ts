// DELETE /api/admin/webhooks/:id: remove an endpoint (its pending deliveries go with it).
import { NextResponse } from 'next/server';
import { adminRemoveWebhook } from '@/lib/admin/integrations';
import { withAdmin } from '@/lib/http/route';
import { services } from '@/lib/services';

export const DELETE = withAdmin(async ({ req, user }) => {
  await adminRemoveWebhook(services(), user, req.nextUrl.pathname.split('/').at(-1) ?? '');
  return NextResponse.json({ ok: true });
});
