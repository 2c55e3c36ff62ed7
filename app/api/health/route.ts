// GET /api/health: { ok: true } while the database answers, 503 otherwise.
import { NextResponse } from 'next/server';
import { services } from '@/lib/services';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    await services().db.ping();
    return NextResponse.json({ ok: true });
  } catch (err) {
    services().log.warn({ err }, 'health check failed');
    return NextResponse.json(
      { ok: false, error: { code: 'database_unreachable', message: 'database unreachable' } },
      { status: 503 },
    );
  }
}
