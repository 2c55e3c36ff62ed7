import { loginFromScan } from '../auth/login-scan';
import { sendCodeFromScan } from '../verify/send-code-from-scan';
import { bindFromScan } from '../binding/bind-from-scan';
import type { Ctx } from '../context';
import { t } from '../i18n';
import type { Scene, ScenePurpose } from '../scene';

type PurposeHandler<P extends ScenePurpose> = (ctx: Ctx, scene: Scene<P>, openid: string) => Promise<string | null>;

/** One handler per purpose; `null` for a purpose whose flow is not served yet (check-in: the events issue). */
const handlers: { [P in ScenePurpose]: PurposeHandler<P> | null } = {
  bind: bindFromScan,
  login: loginFromScan,
  verify: sendCodeFromScan,
  checkin: null,
};

/** A QR scene was scanned (SCAN, or subscribe with a scene): dispatch by the scene's purpose. */
export async function handleScanEvent(ctx: Ctx, event: { openid: string; sceneId: string }): Promise<string | null> {
  const scene = await ctx.repos.scenes.get(event.sceneId);
  const handler = scene && (handlers[scene.purpose] as PurposeHandler<ScenePurpose> | null);
  if (!scene || !handler) return t('zh', 'reply.unknownScene');
  ctx.metrics.scan(scene.purpose);
  return handler(ctx, scene, event.openid);
}
