// POST /api/auth/credentials {email, password}: a WeChat-only account adds its e-mail and password.
import { NextResponse } from 'next/server';
import { addCredentials } from '@/lib/auth/add-credentials';
import { CredentialsInput } from '@/lib/auth/input';
import { readJson, withSession } from '@/lib/http/route';

export const POST = withSession(async ({ req, ctx, user }) => {
  const input = await readJson(req, CredentialsInput);
  const updated = await addCredentials(ctx, user, input);
  return NextResponse.json({ user: { id: updated.id, email: updated.email } });
});
