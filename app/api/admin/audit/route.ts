// GET /api/admin/audit?kind&account&openid&from&to&before[&format=csv]: the audit log, filtered (admins only).
import { NextResponse } from 'next/server';
import { exportAuditCsv, parseAuditFilter, searchAudit } from '@/lib/admin/search-audit';
import { withAdmin } from '@/lib/http/route';
import { services } from '@/lib/services';

export const GET = withAdmin(async ({ req, user }) => {
  const params = req.nextUrl.searchParams;
  const filter = parseAuditFilter(params);
  if (params.get('format') === 'csv') {
    const csv = await exportAuditCsv(services(), user, filter);
    const stamp = new Date(services().now()).toISOString().slice(0, 19).replace(/[:T]/g, '-');
    return new Response(csv, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="webind-audit-${stamp}.csv"`,
        'cache-control': 'no-store',
      },
    });
  }
  return NextResponse.json({ entries: await searchAudit(services(), filter) });
});
