import type { Ctx } from '../context';
import type { User } from '../db/types';
import { ConflictError, ExpiredError } from '../errors';
import { enqueueEvent } from '../webhooks/enqueue-event';
import { completeScene, finishBrowserScene } from './finish-browser-scene';
import type { BrowserScene } from './get-browser-scene';

/**
 * Finishes a scan-to-login from the browser that showed the QR: its key cookie must match the scene,
 * the scene must be `login_ready` and unexpired, and it works once (→ `completed`).
 */
export async function completeWechatLogin(ctx: Pick<Ctx, 'repos' | 'now'>, browserScene: BrowserScene): Promise<User> {
  return finishBrowserScene(ctx, 'login', browserScene, async (tx, scene, at) => {
    if (scene.expiresAt <= at) throw new ExpiredError('scene_expired');
    if (scene.status !== 'login_ready' || !scene.openid) throw new ConflictError('scene_not_ready');
    const binding = await tx.bindings.findByOpenid(scene.openid);
    const user = binding ? await tx.users.findById(binding.userId) : null;
    if (!user) throw new ConflictError('not_bound');
    await completeScene(tx, scene, at);
    await tx.audit.add({
      at,
      action: 'login.wechat',
      userId: user.id,
      openid: scene.openid,
      detail: { sceneIp: scene.ip },
    });
    await enqueueEvent(
      tx,
      'login.succeeded',
      { sceneId: scene.id, externalUserId: null, userId: user.id, openid: scene.openid },
      at,
    );
    return user;
  });
}
