import { NotFoundError } from '../errors';
import { sceneUpdate } from '../scene';
import type { Ctx } from '../context';
import { isHostScene } from './host-scan';

/** A scene made through the server API, as its host sees it (other scenes are not found). */
export async function getHostScene({ repos, now }: Ctx, sceneId: string) {
  const scene = sceneId.length <= 64 ? await repos.scenes.get(sceneId) : null;
  if (!scene || !isHostScene(scene) || (scene.purpose !== 'bind' && scene.purpose !== 'login'))
    throw new NotFoundError('scene_not_found');
  return {
    sceneId: scene.id,
    purpose: scene.purpose,
    status: sceneUpdate(scene, now()).status,
    externalUserId: scene.externalUserId ?? scene.detail?.externalUserId ?? null,
    expiresAt: scene.expiresAt,
  };
}
