import type { z } from 'zod';
import type { ApiKey } from '../db/types';
import { UpstreamError } from '../errors';
import { issueKeywordCode } from '../scene/keyword-code';
import { noteQrCreated, noteQrQuotaSpent, spendQrBudget } from '../scene/qr-budget';
import { newSceneId } from '../scene/scene-id';
import { signWatchToken } from '../scene/watch-token';
import { isWeChatApiError, WeChatErrcode } from '../wechat';
import type { Ctx } from '../context';
import type { CreateHostSceneInput } from './schemas';

/**
 * POST /api/v1/scenes: a scene for a host site. `bind` names the host's own user (externalUserId);
 * `login` names nobody, and its result names the bound externalUserId. The scene remembers the key
 * that made it, which routes its scan to the host handlers.
 */
export async function createHostScene(
  ctx: Ctx,
  {
    key,
    input,
  }: {
    key: ApiKey;
    input: z.infer<typeof CreateHostSceneInput>;
  },
): Promise<{ sceneId: string; qrContent: string; expiresAt: number; watchToken: string; keywordCode: string | null }> {
  const { repos, config, wechat, now, log } = ctx;
  const ttlSeconds = input.ttlSeconds ?? config.qrTtlSeconds;
  // WeBind's scene prefix (lib/scene/scene-id): the webhook answers only scenes that carry it.
  const sceneId = newSceneId();
  let qrContent = '';
  let expiresAt = now() + ttlSeconds * 1000;
  // A subscription account has no parametric QRs: the keyword code is the way in.
  if (config.wechat.accountType === 'service') {
    await spendQrBudget(ctx, config.qrHourlyBudget);
    let qr: Awaited<ReturnType<typeof wechat.createTempQr>>;
    try {
      qr = await wechat.createTempQr({ sceneStr: sceneId }, ttlSeconds);
    } catch (err) {
      if (isWeChatApiError(err) && err.errcode === WeChatErrcode.DAILY_QUOTA) {
        noteQrQuotaSpent(log, input.purpose);
        throw new UpstreamError('qr_quota_exhausted');
      }
      log.warn({ err: (err as Error).message, purpose: input.purpose, key: key.name }, 'qrcode/create failed');
      throw new UpstreamError('wechat_unavailable');
    }
    noteQrCreated();
    qrContent = qr.url;
    expiresAt = now() + Math.min(ttlSeconds, qr.expireSeconds) * 1000;
  }
  const created = now();
  await repos.scenes.insert({
    id: sceneId,
    purpose: input.purpose,
    status: 'pending',
    userId: null,
    externalUserId: input.externalUserId ?? null,
    openid: null,
    browserKeyHash: null,
    qrContent,
    detail: { locale: 'zh', apiKey: key.name },
    ip: null,
    userAgent: null,
    createdAt: created,
    updatedAt: created,
    expiresAt,
  });
  return {
    sceneId,
    qrContent,
    expiresAt,
    watchToken: signWatchToken(config.appSecret, sceneId, expiresAt),
    keywordCode: await issueKeywordCode(ctx, sceneId, expiresAt),
  };
}
