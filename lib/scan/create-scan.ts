import { z } from 'zod';
import type { Ctx } from '../context';
import type { RequestMeta } from '../auth/sessions';
import type { User } from '../db/types';
import { UnauthorizedError, UpstreamError } from '../errors';
import type { Locale } from '../i18n';
import { limit } from '../rate-limit';
import { isWeChatApiError, WeChatErrcode } from '../wechat';
import { issueKeywordCode } from '../scene/keyword-code';
import { noteQrCreated, noteQrQuotaSpent, spendQrBudget } from '../scene/qr-budget';
import { newSceneId } from '../scene/scene-id';
import { signWatchToken } from '../scene/watch-token';

export const CreateScanInput = z.object({ purpose: z.enum(['bind', 'login', 'verify'], { error: 'invalid_purpose' }) });

export interface CreatedScan {
  sceneId: string;
  /** The QR's content; '' on a subscription account, which has no parametric QRs (use `keywordCode`). */
  qrContent: string;
  expiresAt: number;
  watchToken: string;
  /** What the user may send to the account instead of scanning (single use, lives as long as the scene). */
  keywordCode: string;
  /** The Official Account's name, for "send the code to …". */
  accountName: string;
}

/** Who asks for the QR. */
export interface ScanRequest {
  user: User | null;
  meta: RequestMeta;
  locale: Locale;
  /** sha256 of the httpOnly browser key cookie (login scenes). */
  browserKeyHash?: string;
}

/**
 * Creates a scene with an unguessable scene_str (`wb_` + 144 bits), its temporary QR code (not on a
 * subscription account) and its keyword code. A user who asks again for a bind QR, or a browser for its
 * login QR, while the one it has is still fresh gets that one back: each new QR costs a call against
 * WeChat's daily quota, which is guarded per user, per IP and by a global hourly budget (lib/scene/qr-budget).
 */
export async function createScan(
  ctx: Ctx,
  { request, input }: { request: ScanRequest; input: z.infer<typeof CreateScanInput> },
): Promise<CreatedScan> {
  const { repos, config, wechat, now, log } = ctx;
  if (input.purpose === 'bind' && !request.user) throw new UnauthorizedError('scan_needs_login');

  const ttlMs = config.qrTtlSeconds * 1000;
  // "Still fresh": enough life left to be scanned without hurrying.
  const validUntil = now() + Math.min(60_000, ttlMs / 2);
  const fresh =
    request.user && input.purpose === 'bind'
      ? await repos.scenes.findReusable(request.user.id, input.purpose, validUntil)
      : input.purpose === 'login' && request.browserKeyHash
        ? await repos.scenes.findReusableLogin(request.browserKeyHash, validUntil)
        : null;
  if (fresh) {
    const code = await repos.keywordCodes.forScene(fresh.id);
    if (code) return created(fresh.id, fresh.qrContent, fresh.expiresAt, code);
  }

  if (request.user) await limit(ctx, `qr:user:${request.user.id}`, 20, 10 * 60_000);
  if (request.meta.ip) await limit(ctx, `qr:ip:${request.meta.ip}`, 300, 10 * 60_000);

  const sceneId = newSceneId();
  let qrContent = '';
  let expiresAt: number;
  if (config.wechat.accountType === 'subscription') {
    // No parametric QRs on a subscription account (48001): the keyword code is the only way in.
    expiresAt = now() + ttlMs;
  } else {
    await spendQrBudget(ctx, config.qrHourlyBudget);
    let qr: Awaited<ReturnType<typeof wechat.createTempQr>>;
    try {
      qr = await wechat.createTempQr({ sceneStr: sceneId }, config.qrTtlSeconds);
    } catch (err) {
      const errcode = isWeChatApiError(err) ? err.errcode : undefined;
      if (errcode === WeChatErrcode.DAILY_QUOTA) {
        noteQrQuotaSpent(log, input.purpose);
        throw new UpstreamError('qr_quota_exhausted');
      }
      if (errcode === WeChatErrcode.API_UNAUTHORIZED) {
        log.error(
          { errcode, purpose: input.purpose },
          'qrcode/create: 48001, this account may not create parametric QRs (set WECHAT_ACCOUNT_TYPE=subscription)',
        );
      } else {
        log.warn({ err: (err as Error).message, purpose: input.purpose }, 'qrcode/create failed');
      }
      throw new UpstreamError('wechat_unavailable');
    }
    noteQrCreated();
    qrContent = qr.url;
    expiresAt = now() + Math.min(config.qrTtlSeconds, qr.expireSeconds) * 1000;
  }
  const at = now();
  await repos.scenes.insert({
    id: sceneId,
    purpose: input.purpose,
    status: 'pending',
    userId: input.purpose === 'bind' ? request.user!.id : null,
    openid: null,
    browserKeyHash: request.browserKeyHash ?? null,
    qrContent,
    detail: { locale: request.locale },
    ip: request.meta.ip,
    userAgent: request.meta.userAgent?.slice(0, 300) ?? null,
    createdAt: at,
    updatedAt: at,
    expiresAt,
  });
  const keywordCode = await issueKeywordCode(ctx, sceneId, expiresAt);
  return created(sceneId, qrContent, expiresAt, keywordCode);

  function created(id: string, content: string, expires: number, keywordCode: string): CreatedScan {
    return {
      sceneId: id,
      qrContent: content,
      expiresAt: expires,
      watchToken: signWatchToken(config.appSecret, id, expires),
      keywordCode,
      accountName: config.wechat.accountName,
    };
  }
}
