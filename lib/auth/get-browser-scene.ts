import type { Repos } from '../db/types';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import type { Scene, ScenePurpose } from '../scene';
import { browserKeyMatches } from './browser-key';

/** The scene a browser says it showed, and the key its cookie holds. */
export interface BrowserScene {
  sceneId: string;
  browserKey: string | undefined;
}

/**
 * Reads, inside the caller's transaction (which locks the row), a scene of `purpose` that this
 * browser showed and has not used yet; anything else is the error that says why: another purpose or
 * none (not found), another browser's key (forbidden), already `completed` (used).
 */
export async function getBrowserSceneOrThrow<P extends ScenePurpose>(
  tx: Pick<Repos, 'scenes'>,
  purpose: P,
  { sceneId, browserKey }: BrowserScene,
): Promise<Scene<P>> {
  const scene = await tx.scenes.get(sceneId);
  if (scene?.purpose !== purpose) throw new NotFoundError('scene_not_found');
  if (!browserKeyMatches(browserKey, scene.browserKeyHash)) throw new ForbiddenError('browser_mismatch');
  if (scene.status === 'completed') throw new ConflictError('scene_used');
  return scene as Scene<P>;
}
