// GET /api/admin/bindings?q=: accounts by e-mail (part) or openid (whole), with their binding (admins only).
import { NextResponse } from 'next/server';
import { searchBindings } from '@/lib/admin/search-bindings';
import { withAdmin } from '@/lib/http/route';
import { services } from '@/lib/services';

export const GET = withAdmin(async ({ req, user }) => {
  const hits = await searchBindings(services(), { admin: user, query: req.nextUrl.searchParams.get('q') ?? '' });
  return NextResponse.json(hits);
});
