import { randomInt } from 'node:crypto';
import type { Ctx } from '../context';

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
