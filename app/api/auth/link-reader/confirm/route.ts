// POST /api/auth/link-reader/confirm {sceneId}: the browser that showed a link's keyword code, once the code
// came from the link's own WeChat, takes a reader proof (cookie) and may then use the link.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { BROWSER_KEY_COOKIE } from '@/lib/auth/browser-key';
import { finishLinkReaderCheck } from '@/lib/auth/finish-link-reader-check';
import { setReaderCookie } from '@/lib/http/auth-cookies';
import { readJson, route } from '@/lib/http/route';

const Input = z.object({ sceneId: z.string().min(1).max(64) }, { error: 'invalid_input' });

export const POST = route(async ({ req, ctx }) => {
  const { sceneId } = await readJson(req, Input);
  const openid = await finishLinkReaderCheck(ctx, { sceneId, browserKey: req.cookies.get(BROWSER_KEY_COOKIE)?.value });
  const res = NextResponse.json({ ok: true });
  setReaderCookie(res, openid, ctx);
  return res;
});
