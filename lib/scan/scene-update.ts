import type { Scene } from '../db/types';
import type { ConflictReason, ScanStatus, ScanUpdate } from '../realtime/events';

/**
 * What a watching browser is told about a scene: its status, with a pending scene past its expiry shown
 * as expired, and a login its browser already completed still shown as `login_ready` (its last public state).
 */
export function sceneUpdate(scene: Scene, now: number): ScanUpdate {
  const status = (
    scene.status === 'pending' && scene.expiresAt <= now
      ? 'expired'
      : scene.status === 'completed'
        ? 'login_ready'
        : scene.status
  ) as ScanStatus;
  const update: ScanUpdate = { sceneId: scene.id, status, purpose: scene.purpose, expiresAt: scene.expiresAt };
  if (scene.detail?.reason) update.reason = scene.detail.reason as ConflictReason;
  if (scene.detail?.account) update.account = scene.detail.account;
  return update;
}
