import type { Ctx } from '../context';
import { NotFoundError, UpstreamError } from '../errors';
import { noteQrCreated, noteQrQuotaSpent, spendQrBudget } from '../scene/qr-budget';
import { newSceneId } from '../scene/scene-id';
import { isWeChatApiError, WeChatErrcode } from '../wechat';

/** A door QR lives one minute: the screen shows a fresh one each minute, so a photo sent around stops working. */
export const CHECKIN_QR_MS = 60_000;

/** A door QR with less life left than this is not handed to another screen: it would be renewed at once. */
const SHARE_MIN_LEFT_MS = 20_000;

/**
 * createCheckinQr(ctx, { eventId, userId }): a temporary parametric QR (qrcode/create, QR_STR_SCENE, 60 s:
 * https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html)
 * of purpose `checkin`, shown by the administrator `userId`. Many followers scan the same QR, so it is never
 * claimed; it only expires. Each one spends a call of the daily quota and of the hourly budget
 * (lib/scene/qr-budget): a second screen of the same administrator and event, or a reload, within the
 * minute is handed the QR of this minute (with the life it has left) instead of a new one.
 */
export async function createCheckinQr(
  ctx: Pick<Ctx, 'repos' | 'now' | 'wechat' | 'config' | 'log'>,
  { eventId, userId }: { eventId: number; userId: number },
): Promise<{ qrContent: string; expiresAt: number; expiresInMs: number }> {
  const { repos, now, wechat, config, log } = ctx;
  if (!(await repos.events.get(eventId))) throw new NotFoundError('not_found');
  const shown = await repos.scenes.findReusable(userId, 'checkin', now() + SHARE_MIN_LEFT_MS);
  if (shown && shown.detail?.eventId === eventId)
    return { qrContent: shown.qrContent, expiresAt: shown.expiresAt, expiresInMs: shown.expiresAt - now() };
  await spendQrBudget(ctx, config.qrHourlyBudget);
  const sceneId = newSceneId();
  let qrContent: string;
  try {
    // WeChat keeps the QR two minutes; WeBind refuses it after one, with a reply that says why.
    qrContent = (await wechat.createTempQr({ sceneStr: sceneId }, (2 * CHECKIN_QR_MS) / 1000)).url;
  } catch (err) {
    // The day's quota is spent (45009): one error log for all pages, and the door screen says so.
    if (isWeChatApiError(err) && err.errcode === WeChatErrcode.DAILY_QUOTA) {
      noteQrQuotaSpent(log, 'checkin');
      throw new UpstreamError('qr_quota_exhausted');
    }
    log.warn({ err: (err as Error).message, purpose: 'checkin' }, 'qrcode/create failed');
    throw new UpstreamError('wechat_unavailable');
  }
  noteQrCreated();
  const at = now();
  const expiresAt = at + CHECKIN_QR_MS;
  await repos.scenes.insert({
    id: sceneId,
    purpose: 'checkin',
    status: 'pending',
    userId,
    openid: null,
    browserKeyHash: null,
    qrContent,
    detail: { locale: 'zh', eventId },
    ip: null,
    userAgent: null,
    createdAt: at,
    updatedAt: at,
    expiresAt,
  });
  // Also as a duration: the door screen times its renewal by it, whatever its own clock says.
  return { qrContent, expiresAt, expiresInMs: CHECKIN_QR_MS };
}
