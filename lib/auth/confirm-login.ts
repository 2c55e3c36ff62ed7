import type { Ctx } from '../context';
import type { Scene } from '../db/types';
import { ConflictError, ForbiddenError } from '../errors';
import { t } from '../i18n';
import { maskOpenid } from '../log';
import { moveScene, publishScene, sceneLocale } from '../scene';
import { deliverMessage } from '../delivery/deliver-message';
import { confirmTokenValid, parseConfirmToken } from './confirm-token';

/** The login a confirm link names, for the phone's confirmation page; 'handled' once decided. */
export async function getLoginConfirmation(
  { repos, config, now }: Pick<Ctx, 'repos' | 'config' | 'now'>,
  token: unknown,
): Promise<{ scene: Scene; handled: boolean }> {
  const parsed = parseConfirmToken(token);
  const scene = parsed ? await repos.scenes.get(parsed.sceneId) : null;
  if (
    !parsed ||
    !scene ||
    scene.purpose !== 'login' ||
    !confirmTokenValid(config.appSecret, parsed, scene.openid, now())
  ) {
    throw new ForbiddenError('confirm_invalid');
  }
  return { scene, handled: scene.status !== 'confirming' };
}

/**
 * The phone confirms or cancels a login (or, for an unbound WeChat, its binding to a new account): the
 * scene moves once from `confirming`, the browser is told, and WeChat gets a note through the delivery
 * chain (the confirm page's open came after a scan, whose customer-service window may still be open).
 */
export async function decideLogin(
  ctx: Ctx,
  { token, approve }: { token: unknown; approve: boolean },
): Promise<'login_ready' | 'needs_binding' | 'cancelled'> {
  const { repos, now, log } = ctx;
  const { scene } = await getLoginConfirmation(ctx, token);
  // An unbound WeChat agreed to be bound: the browser may now log in or register on /bind-account.
  const status = !approve ? 'cancelled' : scene.userId === null ? 'needs_binding' : 'login_ready';
  const moved = await moveScene(repos, scene, status, now());
  if (!moved) throw new ConflictError('confirm_handled');
  publishScene(ctx, moved);
  const note = t(
    sceneLocale(moved),
    status === 'login_ready'
      ? 'reply.login.success'
      : status === 'needs_binding'
        ? 'reply.login.needsBinding'
        : 'reply.login.cancelled',
  );
  // Best effort, after the commit: the decision stands even if WeChat is unreachable.
  deliverMessage(ctx, { openid: scene.openid!, text: note }).catch((err: unknown) =>
    log.warn({ err: (err as Error).message, openid: maskOpenid(scene.openid!) }, 'login note not sent'),
  );
  return status;
}
