import type { Ctx } from '../context';
import { ConflictError, ExpiredError, ForbiddenError } from '../errors';
import type { Locale } from '../i18n';
import { limit } from '../rate-limit';
import { issueKeywordCode } from '../scene/keyword-code';
import { newSceneId } from '../scene/scene-id';
import { signWatchToken } from '../scene/watch-token';
import { type BindLinkParams, verifyBindLink } from './bind-link';

export interface LinkReaderCheck {
  sceneId: string;
  expiresAt: number;
  watchToken: string;
  /** What the reader sends to the account from the link's WeChat. */
  keywordCode: string;
  accountName: string;
}

/**
 * A signed bind link opened outside WeChat, where web authorization cannot say who reads it: the reader
 * proves possession of the link's WeChat by sending a keyword code to the account from it. This makes the
 * `link` scene (no QR: nothing of the daily qrcode/create quota is spent) tied to this browser's key; the
 * code, pushed to the webhook as a text, is judged by `readerFromScan`. The link must be good and unused.
 */
export async function startLinkReaderCheck(
  ctx: Ctx,
  input: {
    link: Partial<Record<keyof BindLinkParams, unknown>>;
    browserKeyHash: string;
    ip: string | null;
    userAgent: string | null;
    locale: Locale;
  },
): Promise<LinkReaderCheck> {
  const { repos, config, now } = ctx;
  const checked = verifyBindLink(config.appSecret, input.link, now());
  if (!checked.ok)
    throw checked.code === 'link_expired' ? new ExpiredError('link_expired') : new ForbiddenError('link_invalid');
  if (await repos.linkNonces.isUsed(checked.link.nonce)) throw new ConflictError('link_used');
  if (await repos.bindings.findByOpenid(checked.link.openid)) throw new ConflictError('link_bound');
  if (input.ip) await limit(ctx, `link-reader:ip:${input.ip}`, 30, 10 * 60_000);

  const at = now();
  const sceneId = newSceneId();
  const expiresAt = Math.min(at + config.qrTtlSeconds * 1000, checked.expiresAt);
  await repos.scenes.insert({
    id: sceneId,
    purpose: 'link',
    status: 'pending',
    userId: null,
    openid: null,
    browserKeyHash: input.browserKeyHash,
    qrContent: '',
    detail: { locale: input.locale, linkOpenid: checked.link.openid },
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    createdAt: at,
    updatedAt: at,
    expiresAt,
  });
  const keywordCode = await issueKeywordCode(ctx, sceneId, expiresAt);
  return {
    sceneId,
    expiresAt,
    watchToken: signWatchToken(config.appSecret, sceneId, expiresAt),
    keywordCode,
    accountName: config.wechat.accountName,
  };
}
