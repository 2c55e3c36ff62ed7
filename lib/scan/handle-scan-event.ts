import { loginFromScan } from '../auth/login-scan';
import { bindFromScan } from '../binding/bind-from-scan';
import type { Ctx } from '../context';
import { checkinFromScan } from '../events/checkin-from-scan';
import { bindHostFromScan, isHostScene, loginHostFromScan } from '../host/host-scan';
import { t } from '../i18n';
import type { Scene, ScenePurpose } from '../scene';
import { sendCodeFromScan } from '../verify/send-code-from-scan';
import { type MessageOutcome, RELAY } from '../wechat';

type PurposeHandler<P extends ScenePurpose> = (ctx: Ctx, scene: Scene<P>, openid: string) => Promise<string | null>;
type Handlers = { [P in ScenePurpose]: PurposeHandler<P> | null };

/** One handler per purpose; `null` for a purpose whose flow is not served yet . */
const handlers: Handlers = {
  bind: bindFromScan,
  login: loginFromScan,
  verify: sendCodeFromScan,
  checkin: checkinFromScan,
};

/** Scenes made through the server API for a host site's own users. */
const hostHandlers: Handlers = {
  bind: bindHostFromScan,
  login: loginHostFromScan,
  verify: null,
  checkin: null,
};

/**
 * A QR scene was scanned (SCAN, or subscribe with a scene): dispatch by the scene's purpose. A scene
 * WeBind does not know belongs to the site's existing server when WECHAT_RELAY_URL is set.
 */
export async function handleScanEvent(ctx: Ctx, event: { openid: string; sceneId: string }): Promise<MessageOutcome> {
  const scene = await ctx.repos.scenes.get(event.sceneId);
  if (!scene) return ctx.config.relayUrl ? RELAY : t('zh', 'reply.unknownScene');
  const table = isHostScene(scene) ? hostHandlers : handlers;
  const handler = table[scene.purpose] as PurposeHandler<ScenePurpose> | null;
  if (!handler) return t('zh', 'reply.unknownScene');
  ctx.metrics.scan(scene.purpose);
  return handler(ctx, scene, event.openid);
}
