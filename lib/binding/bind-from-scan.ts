import { t } from '../i18n';
import { maskEmail } from '../log';
import type { Scene } from '../db/types';
import type { ConflictReason } from '../realtime/events';
import { sceneLocale } from '../scan/scene-locale';
import { sceneUpdate } from '../scan/scene-update';
import { services } from '../services';
import { bindingView } from './account-update';
import { bindWechat } from './bind-wechat';

type Outcome =
  | { kind: 'bound' | 'same'; scene: Scene; userId: number; account: string }
  | { kind: 'repeat'; scene: Scene }
  | { kind: 'conflict'; scene: Scene; reason: ConflictReason; push: boolean };

/**
 * A `bind` scene was scanned by `openid`: in one transaction bind, mark the scene and audit; after the
 * commit tell the browser and answer in WeChat, naming the account (masked) and how to undo it.
 */
export async function bindFromScan(scene: Scene, openid: string): Promise<string> {
  const { repos, notify, now } = services();
  const at = now();
  const outcome = await repos.transaction(async (tx): Promise<Outcome> => {
    const current = (await tx.scenes.get(scene.id)) ?? scene;
    if (current.status === 'bound' && current.openid === openid) return { kind: 'repeat', scene: current };
    if (current.status !== 'pending') return { kind: 'conflict', scene: current, reason: 'used', push: false };
    if (current.expiresAt <= at) {
      const expired = await tx.scenes.transition(current.id, ['pending'], { status: 'expired', updatedAt: at });
      return { kind: 'conflict', scene: expired ?? current, reason: 'expired', push: true };
    }
    const user = current.userId === null ? null : await tx.users.findById(current.userId);
    if (!user) return { kind: 'conflict', scene: current, reason: 'used', push: false };
    const result = await bindWechat(tx, { userId: user.id, openid, now: at, via: 'scan' });
    const account = maskEmail(user.email);
    if (result === 'bound' || result === 'same') {
      const bound = await tx.scenes.transition(current.id, ['pending'], {
        status: 'bound',
        openid,
        updatedAt: at,
        detail: { ...current.detail, account },
      });
      return { kind: result, scene: bound ?? current, userId: user.id, account };
    }
    const refused = await tx.scenes.transition(current.id, ['pending'], {
      status: 'conflict',
      openid,
      updatedAt: at,
      detail: { ...current.detail, reason: result },
    });
    return { kind: 'conflict', scene: refused ?? current, reason: result, push: true };
  });

  const locale = sceneLocale(outcome.scene);
  switch (outcome.kind) {
    case 'bound':
    case 'same': {
      notify.scene(sceneUpdate(outcome.scene, at));
      // The row just written, as the settings page shows it: no need to read it back.
      if (outcome.kind === 'bound')
        notify.account(outcome.userId, {
          wechat: bindingView({
            userId: outcome.userId,
            openid,
            boundAt: at,
            subscribed: true,
            subscribedChangedAt: null,
          }),
        });
      return t(locale, outcome.kind === 'bound' ? 'reply.bound' : 'reply.alreadyBound', { account: outcome.account });
    }
    case 'repeat':
      // A redelivery after the first handler died between its commit and its push: push again.
      notify.scene(sceneUpdate(outcome.scene, at));
      return t(locale, 'reply.bound', { account: outcome.scene.detail?.account ?? '' });
    case 'conflict':
      if (outcome.push) notify.scene(sceneUpdate(outcome.scene, at));
      return t(locale, `reply.conflict.${outcome.reason}`);
  }
}
