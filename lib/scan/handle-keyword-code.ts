import type { Ctx } from '../context';
import { isRateLimited } from '../errors';
import { t } from '../i18n';
import { maskOpenid } from '../log';
import { limit } from '../rate-limit';
import { readKeywordCode } from '../scene/keyword-code';
import type { MessageOutcome } from '../wechat';
import { handleScanEvent } from './handle-scan-event';

/** Codes an openid may try in ten minutes (a guess is one in about a billion). */
export const KEYWORD_TRIES_PER_OPENID = 10;
const TRIES_WINDOW_MS = 10 * 60_000;

/**
 * A text message that looks like a keyword code: use it once and handle the scene as if its QR had been
 * scanned. Returns the passive reply, or null when the text is not shaped like a code.
 */
export async function handleKeywordCode(ctx: Ctx, openid: string, text: string): Promise<MessageOutcome | null> {
  const code = readKeywordCode(text);
  if (!code) return null;
  try {
    await limit(ctx, `keyword:openid:${openid}`, KEYWORD_TRIES_PER_OPENID, TRIES_WINDOW_MS);
  } catch (err) {
    if (!isRateLimited(err)) throw err;
    ctx.log.info({ openid: maskOpenid(openid) }, 'keyword code tries over the limit');
    return t('zh', 'reply.keywordTooMany');
  }
  const sceneId = await ctx.repos.keywordCodes.use(code, ctx.now());
  if (!sceneId) return t('zh', 'reply.keywordUnknown');
  return handleScanEvent(ctx, { openid, sceneId });
}
