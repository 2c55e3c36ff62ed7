import { t } from '../i18n';
import type { Scene, ScenePurpose } from '../db/types';
import { loginFromScan } from '../auth/login-scan';
import { sendCodeFromScan } from '../auth/verification-from-scan';
import { bindFromScan } from '../binding/bind-from-scan';
import { services } from '../services';

type PurposeHandler = (scene: Scene, openid: string) => Promise<string | null>;

const handlers: Record<ScenePurpose, PurposeHandler> = {
  bind: bindFromScan,
  login: loginFromScan,
  verify: sendCodeFromScan,
};

/** A QR scene was scanned (SCAN, or subscribe with a scene): dispatch by the scene's purpose. */
export async function handleScanEvent(event: { openid: string; sceneId: string }): Promise<string | null> {
  const scene = await services().repos.scenes.get(event.sceneId);
  if (!scene) return t('zh', 'reply.unknownScene');
  return handlers[scene.purpose](scene, event.openid);
}
