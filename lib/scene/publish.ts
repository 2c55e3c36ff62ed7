import type { Notifier, ScanUpdate } from '../realtime/events';
import type { PublicSceneStatus, Scene } from './status';

/**
 * What a watching browser is told about a scene: its status, with a pending scene past its expiry shown
 * as expired, and a login its browser already completed still shown as `login_ready` (its last public state).
 */
export function sceneUpdate(scene: Scene, now: number): ScanUpdate {
  const status: PublicSceneStatus =
    scene.status === 'pending' && scene.expiresAt <= now
      ? 'expired'
      : scene.status === 'completed'
        ? 'login_ready'
        : scene.status;
  const update: ScanUpdate = { sceneId: scene.id, status, purpose: scene.purpose, expiresAt: scene.expiresAt };
  if (scene.detail?.reason) update.reason = scene.detail.reason;
  // A verify QR's page is anyone's: it learns the account (masked) only from the reset, after the code.
  if (scene.detail?.account && scene.purpose !== 'verify') update.account = scene.detail.account;
  return update;
}

/** Tells the browsers watching a scene its committed state. Call it only after the commit. */
export function publishScene(ctx: { notify: Notifier; now: () => number }, scene: Scene): void {
  ctx.notify.scene(sceneUpdate(scene, ctx.now()));
}
