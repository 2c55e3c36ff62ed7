// GET /api/admin/health: QR quota, access token age and last error, last webhook (admins only).
import { NextResponse } from 'next/server';
import { getHealth } from '@/lib/admin/health';
import { withAdmin } from '@/lib/http/route';
import { services } from '@/lib/services';

export const GET = withAdmin(async () => NextResponse.json(await getHealth(services())));
