import type { Ctx } from '../context';
import type { Repos } from '../db/types';
import { ConflictError } from '../errors';
import { moveScene, type Scene, type ScenePurpose } from '../scene';
import { type BrowserScene, getBrowserSceneOrThrow } from './get-browser-scene';

/**
 * Finishes a browser's scene in one transaction: `finish` gets the scene as getBrowserSceneOrThrow reads
 * it and the one time of the whole step; it calls completeScene once its own checks pass.
 */
export async function finishBrowserScene<P extends ScenePurpose, T>(
  { repos, now }: Pick<Ctx, 'repos' | 'now'>,
  purpose: P,
  browserScene: BrowserScene,
  finish: (tx: Repos, scene: Scene<P>, at: number) => Promise<T>,
): Promise<T> {
  const at = now();
  return repos.transaction(async (tx) => finish(tx, await getBrowserSceneOrThrow(tx, purpose, browserScene), at));
}

/** Moves the scene to `completed`, once: a scene another request completed first is used. */
export async function completeScene(tx: Repos, scene: Scene, at: number): Promise<void> {
  if (!(await moveScene(tx, scene, 'completed', at))) throw new ConflictError('scene_used');
}
