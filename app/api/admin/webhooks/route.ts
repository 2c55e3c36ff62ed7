// POST /api/admin/webhooks { url, events? }: add an outgoing webhook endpoint (its whsec_ secret returned once).
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { adminAddWebhook } from '@/lib/admin/integrations';
import { readJson, withAdmin } from '@/lib/http/route';
import { services } from '@/lib/services';

const AddWebhookInput = z.strictObject({
  url: z.string('invalid_url').max(2000, 'invalid_url'),
  events: z.array(z.string().max(64)).max(20).nullable().optional(),
});

export const POST = withAdmin(async ({ req, user }) => {
  const endpoint = await adminAddWebhook(services(), user, await readJson(req, AddWebhookInput));
  return NextResponse.json(endpoint, { status: 201, headers: { 'cache-control': 'no-store' } });
});
