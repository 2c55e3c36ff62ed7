import type { Ctx } from '../context';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { RequestMeta } from '../auth/sessions';
import type { User } from '../db/types';
import { UnauthorizedError, UpstreamError } from '../errors';
import type { Locale } from '../i18n';
import { limit } from '../rate-limit';
import { signWatchToken } from '../scene/watch-token';
import { isWeChatApiError, WeChatErrcode } from '../wechat';

export const CreateScanInput = z.object({ purpose: z.enum(['bind', 'login', 'verify'], { error: 'invalid_purpose' }) });

export interface CreatedScan {
  sceneId: string;
  qrContent: string;
  expiresAt: number;
  watchToken: string;
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
 * Creates a scene with an unguessable scene_str (144 bits) and its temporary QR code. A user who asks
 * again while their QR of the same purpose is still fresh gets that one back: each new QR costs a call
 * against WeChat's quota, and both are rate-limited per user and per IP.
 */
export async function createScan(
  ctx: Ctx,
  { request, input }: { request: ScanRequest; input: z.infer<typeof CreateScanInput> },
): Promise<CreatedScan> {
  const { repos, config, wechat, now, log } = ctx;
  if (input.purpose === 'bind' && !request.user) throw new UnauthorizedError('scan_needs_login');

  const ttlMs = config.qrTtlSeconds * 1000;
  if (request.user && input.purpose === 'bind') {
    // "Still fresh": enough life left to be scanned without hurrying.
    const fresh = await repos.scenes.findReusable(request.user.id, input.purpose, now() + Math.min(60_000, ttlMs / 2));
    if (fresh)
      return {
        sceneId: fresh.id,
        qrContent: fresh.qrContent,
        expiresAt: fresh.expiresAt,
        watchToken: signWatchToken(config.appSecret, fresh.id, fresh.expiresAt),
      };
  }

  if (request.user) await limit(ctx, `qr:user:${request.user.id}`, 20, 10 * 60_000);
  if (request.meta.ip) await limit(ctx, `qr:ip:${request.meta.ip}`, 300, 10 * 60_000);

  const sceneId = randomBytes(18).toString('base64url');
  let qr: Awaited<ReturnType<typeof wechat.createTempQr>>;
  try {
    qr = await wechat.createTempQr({ sceneStr: sceneId }, config.qrTtlSeconds);
  } catch (err) {
    // 45009: the account's daily qrcode/create quota is spent ("reach max api daily quota limit", 全局返回码说明);
    // the page says so plainly instead of offering a retry that cannot succeed today.
    if (isWeChatApiError(err) && err.errcode === WeChatErrcode.DAILY_QUOTA) {
      log.error({ errcode: err.errcode, purpose: input.purpose }, 'qrcode/create quota exhausted');
      throw new UpstreamError('qr_quota_exhausted');
    }
    log.warn({ err: (err as Error).message, purpose: input.purpose }, 'qrcode/create failed');
    throw new UpstreamError('wechat_unavailable');
  }
  const created = now();
  const expiresAt = created + Math.min(config.qrTtlSeconds, qr.expireSeconds) * 1000;
  await repos.scenes.insert({
    id: sceneId,
    purpose: input.purpose,
    status: 'pending',
    userId: input.purpose === 'bind' ? request.user!.id : null,
    openid: null,
    browserKeyHash: request.browserKeyHash ?? null,
    qrContent: qr.url,
    detail: { locale: request.locale },
    ip: request.meta.ip,
    userAgent: request.meta.userAgent?.slice(0, 300) ?? null,
    createdAt: created,
    updatedAt: created,
    expiresAt,
  });
  return { sceneId, qrContent: qr.url, expiresAt, watchToken: signWatchToken(config.appSecret, sceneId, expiresAt) };
}
