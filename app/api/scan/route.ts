// POST /api/scan {purpose}: create a QR scene for this browser → { sceneId, qrContent, expiresAt, watchToken }.
import { NextResponse } from 'next/server';
import { readSession, SESSION_COOKIE } from '@/lib/auth/sessions';
import { createScan, CreateScanInput } from '@/lib/scan/create-scan';
import { readJson, route } from '@/lib/http/route';

export const POST = route(async ({ req, meta, locale }) => {
  const input = await readJson(req, CreateScanInput);
  const session = await readSession(req.cookies.get(SESSION_COOKIE)?.value);
  const scan = await createScan({ ctx: { user: session?.user ?? null, meta, locale }, input });
  return NextResponse.json(scan, { status: 201 });
});
