// POST /api/admin/webhook-deliveries/:id/resend: send a delivery again, with its event's webhook-id.
import { NextResponse } from 'next/server';
import { adminResendDelivery } from '@/lib/admin/integrations';
import { ValidationError } from '@/lib/errors';
import { withAdmin } from '@/lib/http/route';
import { services } from '@/lib/services';

export const POST = withAdmin(async ({ req, user }) => {
  const id = req.nextUrl.pathname.split('/').at(-2) ?? '';
  if (!/^\d{1,12}$/.test(id)) throw new ValidationError('invalid_input');
  await adminResendDelivery(services(), user, Number(id));
  return NextResponse.json({ ok: true });
});
