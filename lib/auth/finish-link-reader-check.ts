import type { Ctx } from '../context';
import { ConflictError, ExpiredError, ForbiddenError, NotFoundError } from '../errors';
import { moveScene } from '../scene';
import { browserKeyMatches } from './browser-key';

/**
 * The browser that showed a link's keyword code takes its proof: its key must match the scene, the code
 * must have come from the link's own WeChat (`login_ready`), and it works once (→ `completed`). Returns
 * the proven openid, for the caller to hand the browser a reader proof (lib/auth/link-reader.ts).
 */
export async function finishLinkReaderCheck(
  { repos, now }: Pick<Ctx, 'repos' | 'now'>,
  { sceneId, browserKey }: { sceneId: string; browserKey: string | undefined },
): Promise<string> {
  const at = now();
  return repos.transaction(async (tx) => {
    const scene = await tx.scenes.get(sceneId);
    if (scene?.purpose !== 'link') throw new NotFoundError('scene_not_found');
    if (!browserKeyMatches(browserKey, scene.browserKeyHash)) throw new ForbiddenError('browser_mismatch');
    if (scene.status === 'completed') throw new ConflictError('scene_used');
    if (scene.status === 'conflict') throw new ForbiddenError('link_mismatch');
    if (scene.expiresAt <= at) throw new ExpiredError('scene_expired');
    const openid = scene.openid;
    if (scene.status !== 'login_ready' || !openid || openid !== scene.detail?.linkOpenid)
      throw new ConflictError('scene_not_ready');
    if (!(await moveScene(tx, scene, 'completed', at))) throw new ConflictError('scene_used');
    return openid;
  });
}
