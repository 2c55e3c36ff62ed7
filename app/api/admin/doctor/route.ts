// POST /api/admin/doctor: the setup doctor's checks (as `npm run doctor`), run by an administrator.
import { NextResponse } from 'next/server';
import { runHealthChecks } from '@/lib/admin/health';
import { pingRedis } from '@/lib/doctor/ping-redis';
import { withAdmin } from '@/lib/http/route';
import { services } from '@/lib/services';

export const POST = withAdmin(async ({ user }) => {
  const { config } = services();
  const results = await runHealthChecks(services(), user, () => pingRedis(config.redisUrl ?? ''));
  return NextResponse.json({ results });
});
