import { readerFromScan } from '../auth/link-reader-scan';
import { loginFromScan } from '../auth/login-scan';
import { bindFromScan } from '../binding/bind-from-scan';
import type { Ctx } from '../context';
import { checkinFromScan } from '../events/checkin-from-scan';
import { bindHostFromScan, isHostScene, loginHostFromScan } from '../host/host-scan';
import { t } from '../i18n';
import type { Scene, ScenePurpose } from '../scene';
import { sendCodeFromScan } from '../verify/send-code-from-scan';
import { type MessageOutcome, RELAY } from '../wechat';

/** A purpose's scan handler: it decides in the scene's transaction, acts after the commit and returns WeChat's reply. */
export type ScanHandler<P extends ScenePurpose> = (ctx: Ctx, scene: Scene<P>, openid: string) => Promise<string | null>;
/** A handler for each purpose: a purpose without one is a type error where the table is written. */
export type ScanHandlers = { [P in ScenePurpose]: ScanHandler<P> };

/** The one place a purpose is registered: its handler, written in the folder of its flow. */
export const SCAN_HANDLERS = {
  bind: bindFromScan,
  login: loginFromScan,
  verify: sendCodeFromScan,
  checkin: checkinFromScan,
  link: readerFromScan,
} as const satisfies ScanHandlers;

/** Scenes made through the server API for a host site's own users: only the purposes the API offers. */
const HOST_SCAN_HANDLERS: Partial<ScanHandlers> = {
  bind: bindHostFromScan,
  login: loginHostFromScan,
};

/**
 * A QR scene was scanned (SCAN, or subscribe with a scene): dispatch by the scene's purpose. A scene
 * WeBind does not know belongs to the site's existing server when WECHAT_RELAY_URL is set.
 */
export async function handleScanEvent(ctx: Ctx, event: { openid: string; sceneId: string }): Promise<MessageOutcome> {
  const scene = await ctx.repos.scenes.get(event.sceneId);
  if (!scene) return ctx.config.relayUrl ? RELAY : t('zh', 'reply.unknownScene');
  const table: Partial<ScanHandlers> = isHostScene(scene) ? HOST_SCAN_HANDLERS : SCAN_HANDLERS;
  const handler = table[scene.purpose] as ScanHandler<ScenePurpose> | undefined;
  if (!handler) return t('zh', 'reply.unknownScene');
  ctx.metrics.scan(scene.purpose);
  return handler(ctx, scene, event.openid);
}
