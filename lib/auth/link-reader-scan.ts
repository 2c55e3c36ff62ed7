import type { Ctx } from '../context';
import { t } from '../i18n';
import { maskOpenid } from '../log';
import { claimPendingScene, publishScene, type Scene, sceneLocale } from '../scene';

/**
 * A `link` scene's keyword code arrived from `openid` (a text pushed by WeChat). Only the signed link's
 * own WeChat proves the reader (`login_ready`; the browser then takes its proof once). From any other
 * WeChat the link is refused (`conflict`, reason `other_wechat`): a forwarded link must not bind its
 * follower's WeChat to whoever opened it. The code is used up either way.
 */
export async function readerFromScan(ctx: Ctx, scene: Scene<'link'>, openid: string): Promise<string> {
  const at = ctx.now();
  const locale = sceneLocale(scene);
  const outcome = await claimPendingScene(ctx, { scene, openid, at }, async ({ scene: current, move }) => {
    const own = current.detail?.linkOpenid === openid;
    const detail = own ? current.detail : { ...current.detail, reason: 'other_wechat' as const };
    return { kind: 'moved' as const, scene: await move(own ? 'login_ready' : 'conflict', { openid, detail }) };
  });
  if (outcome.kind === 'used') return t(locale, 'reply.linkReader.used');
  if (outcome.kind === 'expired') return t(locale, 'reply.linkReader.expired');
  // 'repeat' is WeChat's redelivery: push again, answer the same.
  publishScene(ctx, outcome.scene);
  if (outcome.scene.status === 'conflict') {
    ctx.log.info({ openid: maskOpenid(openid), scene: scene.id }, 'signed link: keyword code from another WeChat');
    return t(locale, 'reply.linkReader.refused');
  }
  return t(locale, 'reply.linkReader.proved');
}
