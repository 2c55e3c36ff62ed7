import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { ApiKey } from '../db/types';
import { UpstreamError } from '../errors';
import { signWatchToken } from '../scene/watch-token';
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
  const sceneId = randomBytes(18).toString('base64url');
  let qr: Awaited<ReturnType<typeof wechat.createTempQr>>;
  try {
    qr = await wechat.createTempQr({ sceneStr: sceneId }, ttlSeconds);
  } catch (err) {
    log.warn({ err: (err as Error).message, purpose: input.purpose, key: key.name }, 'qrcode/create failed');
    throw new UpstreamError('wechat_unavailable');
  }
  const created = now();
  const expiresAt = created + Math.min(ttlSeconds, qr.expireSeconds) * 1000;
  await repos.scenes.insert({
    id: sceneId,
    purpose: input.purpose,
    status: 'pending',
    userId: null,
    externalUserId: input.externalUserId ?? null,
    openid: null,
    browserKeyHash: null,
    qrContent: qr.url,
    detail: { locale: 'zh', apiKey: key.name },
    ip: null,
    userAgent: null,
    createdAt: created,
    updatedAt: created,
    expiresAt,
  });
  return {
    sceneId,
    qrContent: qr.url,
    expiresAt,
    watchToken: signWatchToken(config.appSecret, sceneId, expiresAt),
    keywordCode: null,
  };
}
