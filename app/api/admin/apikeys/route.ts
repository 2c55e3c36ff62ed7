// POST /api/admin/apikeys { name, ratePerMinute? }: create a server API key (returned once).
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { adminCreateApiKey } from '@/lib/admin/integrations';
import { readJson, withAdmin } from '@/lib/http/route';
import { services } from '@/lib/services';

const CreateKeyInput = z.strictObject({
  name: z.string('invalid_key_name').max(64, 'invalid_key_name'),
  ratePerMinute: z.number('invalid_rate').int('invalid_rate').optional(),
});

export const POST = withAdmin(async ({ req, user }) => {
  const created = await adminCreateApiKey(services(), user, await readJson(req, CreateKeyInput));
  return NextResponse.json(created, { status: 201, headers: { 'cache-control': 'no-store' } });
});
