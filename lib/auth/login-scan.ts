import type { Scene } from '../db/types';
import { t } from '../i18n';
import { sceneLocale } from '../scan/scene-locale';
import { sceneUpdate } from '../scan/scene-update';
import { services } from '../services';
import { signConfirmToken } from './confirm-token';

/**
 * A `login` scene was scanned. A bound openid makes the scene `confirming` (a signed link to confirm
 * on the phone) or, with LOGIN_CONFIRM=none, `login_ready`; an unbound one makes it `needs_binding`.
 * The browser learns the state; only the browser holding the scene's key can finish the login.
 */
export async function loginFromScan(scene: Scene, openid: string): Promise<string> {
  const { repos, notify, now, config } = services();
  const at = now();
  const locale = sceneLocale(scene);
  const outcome = await repos.transaction(async (tx) => {
    const current = await tx.scenes.get(scene.id);
    if (!current) return { kind: 'used' as const };
    if (current.status !== 'pending')
      return { kind: current.openid === openid ? ('repeat' as const) : ('used' as const), scene: current };
    if (current.expiresAt <= at) {
      const expired = await tx.scenes.transition(current.id, ['pending'], { status: 'expired', updatedAt: at });
      return { kind: 'expired' as const, scene: expired ?? current };
    }
    const binding = await tx.bindings.findByOpenid(openid);
    const status = !binding ? 'needs_binding' : config.loginConfirm === 'phone' ? 'confirming' : 'login_ready';
    const moved = await tx.scenes.transition(current.id, ['pending'], {
      status,
      openid,
      userId: binding?.userId ?? null,
      updatedAt: at,
    });
    return { kind: 'moved' as const, scene: moved ?? current };
  });

  if (outcome.kind === 'used') return t(locale, 'reply.login.used');
  if (outcome.kind === 'expired') {
    notify.scene(sceneUpdate(outcome.scene, at));
    return t(locale, 'reply.login.expired');
  }
  // 'repeat' is a redelivery (perhaps after the first handler died before its push): push again.
  notify.scene(sceneUpdate(outcome.scene, at));
  return replyFor(outcome.scene, openid);
}

/** The reply for a scene's state after a scan; a repeated scan by the same WeChat gets the same one. */
function replyFor(scene: Scene, openid: string): string {
  const { config } = services();
  const locale = sceneLocale(scene);
  switch (scene.status) {
    case 'needs_binding':
      return t(locale, 'reply.login.needsBinding');
    case 'confirming': {
      const link = `${config.publicUrl}/wechat/confirm?token=${encodeURIComponent(signConfirmToken(config.appSecret, scene.id, openid, scene.expiresAt))}`;
      return t(locale, 'reply.login.confirm', { site: new URL(config.publicUrl).host, link });
    }
    case 'login_ready':
    case 'completed':
      return t(locale, 'reply.login.success');
    case 'cancelled':
      return t(locale, 'reply.login.cancelled');
    default:
      return t(locale, 'reply.login.used');
  }
}
