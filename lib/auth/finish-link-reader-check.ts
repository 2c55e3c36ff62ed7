import type { Ctx } from '../context';
import { ConflictError, ExpiredError, ForbiddenError } from '../errors';
import { completeScene, finishBrowserScene } from './finish-browser-scene';
import type { BrowserScene } from './get-browser-scene';

/**
 * The browser that showed a link's keyword code takes its proof: its key must match the scene, the code
 * must have come from the link's own WeChat (`login_ready`), and it works once (→ `completed`). Returns
 * the proven openid, for the caller to hand the browser a reader proof (lib/auth/link-reader.ts).
 */
export async function finishLinkReaderCheck(
  ctx: Pick<Ctx, 'repos' | 'now'>,
  browserScene: BrowserScene,
): Promise<string> {
  return finishBrowserScene(ctx, 'link', browserScene, async (tx, scene, at) => {
    if (scene.status === 'conflict') throw new ForbiddenError('link_mismatch');
    if (scene.expiresAt <= at) throw new ExpiredError('scene_expired');
    const openid = scene.openid;
    if (scene.status !== 'login_ready' || !openid || openid !== scene.detail?.linkOpenid)
      throw new ConflictError('scene_not_ready');
    await completeScene(tx, scene, at);
    return openid;
  });
}
