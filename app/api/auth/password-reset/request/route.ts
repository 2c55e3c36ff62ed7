// POST /api/auth/password-reset/request {email}: send a code to the WeChat bound to that account. The answer never says whether it exists.
import { after, NextResponse } from 'next/server';
import { requestCodeByEmail, RequestCodeInput } from '@/lib/verify/request-code-by-email';
import { readJson, route } from '@/lib/http/route';

export const POST = route(async ({ req, meta, locale, ctx }) => {
  const input = await readJson(req, RequestCodeInput);
  const { deliver } = await requestCodeByEmail(ctx, { input, ip: meta.ip, locale });
  // WeChat is called once the answer is out, so its latency cannot tell a bound account from none.
  after(deliver);
  return NextResponse.json({ accepted: true }, { status: 202 });
});
