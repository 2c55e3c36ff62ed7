import QRCode from 'qrcode';
import type { Ctx } from '../context';
import { isWeChatApiError } from '../wechat';

/**
 * The account's follow QR, for a phone that cannot scan its own screen: saved by a long press, or
 * recognised in WeChat, it opens the account so the user can follow it and send the keyword code.
 * WeChat's documented way is a permanent QR (`QR_LIMIT_STR_SCENE`, no expiry, at most 100,000 per account:
 * https://developers.weixin.qq.com/doc/service/api/qrcode/qrcodes/api_createqrcode.html). Its scene has no
 * `wb_` prefix, so a follow through it gets the plain welcome (lib/inbox). One call per process: WeChat
 * hands the same QR back for a scene made before, and the answer is kept here, never asked per page view.
 * The account's own QR (公众号二维码, WECHAT_FOLLOW_QR) is used instead when configured: no call, and it is
 * the only follow QR a subscription account has.
 */
export const FOLLOW_SCENE = 'webind_follow';
/** After a failed call (quota spent, WeChat down) pages go without the QR for a while instead of retrying each view. */
export const FOLLOW_QR_RETRY_MS = 10 * 60_000;

export interface FollowQr {
  accountName: string;
  /** The QR's content (WeChat's `url`). */
  url: string;
  /** A PNG of it as a data: URL (an <img> can be long-pressed and saved; an inline SVG cannot). */
  image: string;
}

type Entry = { at: number; failed: boolean; value: Promise<FollowQr | null> };
/** Per WeChat client (one per running server). */
const cache = new WeakMap<object, Entry>();

export function getFollowQr(ctx: Pick<Ctx, 'config' | 'wechat' | 'log' | 'now'>): Promise<FollowQr | null> {
  const { followQr, accountType } = ctx.config.wechat;
  // A subscription account has no parametric QRs at all (48001): only the account's own QR, if configured.
  if (!followQr && accountType === 'subscription') return Promise.resolve(null);
  const hit = cache.get(ctx.wechat);
  if (hit && (!hit.failed || ctx.now() - hit.at < FOLLOW_QR_RETRY_MS)) return hit.value;
  const entry: Entry = { at: ctx.now(), failed: false, value: makeFollowQr(ctx) };
  cache.set(ctx.wechat, entry);
  // A QR is kept for good; a failure only for FOLLOW_QR_RETRY_MS.
  void entry.value.then((qr) => {
    entry.failed = qr === null;
    entry.at = ctx.now();
  });
  return entry.value;
}

async function makeFollowQr({ config, wechat, log }: Pick<Ctx, 'config' | 'wechat' | 'log'>): Promise<FollowQr | null> {
  try {
    // The account's own QR (WECHAT_FOLLOW_QR) costs no call at all.
    const url = config.wechat.followQr ?? (await wechat.createPermanentQr(FOLLOW_SCENE)).url;
    const image = await QRCode.toDataURL(url, { margin: 2, width: 360, errorCorrectionLevel: 'M' });
    return { accountName: config.wechat.accountName, url, image };
  } catch (err) {
    log.warn(
      { errcode: isWeChatApiError(err) ? err.errcode : undefined, err: (err as Error).message },
      'follow QR: qrcode/create (QR_LIMIT_STR_SCENE) failed; phones get the account name and keyword code only',
    );
    return null;
  }
}
