// POST /api/auth/link-reader {openid, timestamp, nonce, signature}: a signed bind link opened outside WeChat
// asks for a keyword code from the link's WeChat → { sceneId, expiresAt, watchToken, keywordCode, accountName }.
import { NextResponse } from 'next/server';
import { hashBrowserKey } from '@/lib/auth/browser-key';
import { startLinkReaderCheck } from '@/lib/auth/start-link-reader-check';
import { browserKeyOf, setBrowserKeyCookie } from '@/lib/http/auth-cookies';
import { readJson, route } from '@/lib/http/route';
import { LinkFields } from '@/lib/auth/input';

export const POST = route(async ({ req, meta, locale, ctx }) => {
  const link = await readJson(req, LinkFields);
  const browserKey = browserKeyOf(req);
  const check = await startLinkReaderCheck(ctx, {
    link,
    browserKeyHash: hashBrowserKey(browserKey),
    ip: meta.ip,
    userAgent: meta.userAgent,
    locale,
  });
  const res = NextResponse.json(check, { status: 201 });
  setBrowserKeyCookie(res, browserKey, ctx.config.production);
  return res;
});
