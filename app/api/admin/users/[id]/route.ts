// GET /api/admin/users/:id: one account, its binding and its history from the audit log (admins only).
import { NextResponse } from 'next/server';
import { userIdFromPath } from '@/lib/admin/user-id';
import { userHistory } from '@/lib/admin/user-history';
import { withAdmin } from '@/lib/http/route';
import { services } from '@/lib/services';

export const GET = withAdmin(async ({ req, user }) => {
  const result = await userHistory(services(), { admin: user, userId: userIdFromPath(req.nextUrl.pathname) });
  return NextResponse.json(result);
});
