import { randomInt } from 'node:crypto';
import type { Ctx } from '../context';
import { isRateLimited } from '../errors';
import { t } from '../i18n';
import { maskOpenid } from '../log';
import type { MessageOutcome } from '../wechat';
import { limit } from '../rate-limit';
import { handleScanEvent } from './handle-scan-event';

/**
 * Keyword codes: the way in without a parametric QR. A subscription account (订阅号) may not create
 * parametric QRs (qrcode/create answers 48001: only a verified service account has them,
 * https://developers.weixin.qq.com/doc/service/api/qrcode/qrcodes/api_createqrcode.html), and a phone
 * cannot scan its own screen; so every scene also gets a short code that the user sends to the account
 * as a text message. Codes are single use, live as long as the scene, are matched without regard to
 * case, and each openid may try only a few in a while.
 */
// No I, O, 0 or 1: they are read wrongly off a screen.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const KEYWORD_CODE_LENGTH = 6;
const CODE_SHAPE = /^(?=.*[2-9])[A-HJ-NP-Z2-9]{6}$/;
export const KEYWORD_TRIES_PER_OPENID = 10;
const TRIES_WINDOW_MS = 10 * 60_000;

function drawCode(): string {
  for (;;) {
    let code = '';
    for (let i = 0; i < KEYWORD_CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    // A digit in every code, so an ordinary six-letter word is never taken for one.
    if (CODE_SHAPE.test(code)) return code;
  }
}

/** Gives a scene its code (about 1e9 possible codes; a collision with a live one draws again). */
export async function issueKeywordCode(ctx: Ctx, sceneId: string, expiresAt: number): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = drawCode();
    if (await ctx.repos.keywordCodes.insert({ code, sceneId, createdAt: ctx.now(), expiresAt })) return code;
  }
  throw new Error('could not draw a free keyword code');
}

/** The code in a text message, normalised (trimmed, spaces and dashes dropped, upper case), or null. */
export function readKeywordCode(text: string): string | null {
  const code = text.replace(/[\s-]/g, '').toUpperCase();
  return CODE_SHAPE.test(code) ? code : null;
}

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
