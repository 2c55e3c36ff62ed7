import type { Ctx } from '../context';
import { t } from '../i18n';
import { maskEmail } from '../log';
import {
  type ConflictReason,
  claimPendingScene,
  publishScene,
  type Scene,
  sceneLocale,
  type Unclaimed,
} from '../scene';
import { bindingView } from './account-update';
import { bindWechat } from './bind-wechat';

type Decided =
  | { kind: 'bound' | 'same'; scene: Scene<'bind'>; userId: number; account: string }
  | { kind: 'refused'; scene: Scene<'bind'>; reason: ConflictReason }
  | { kind: 'orphan' };

/** What a bind scan's transaction decided (here, or in one call on PostgreSQL: handleScanInOneCall, lib/scan/handle-scan-event.ts). */
export type BindScanOutcome = Decided | Unclaimed<'bind'>;

/**
 * A `bind` scene was scanned by `openid`: in one transaction bind, mark the scene and audit; after the
 * commit tell the browser and answer in WeChat, naming the account (masked) and how to undo it.
 */
export async function bindFromScan(ctx: Ctx, scene: Scene<'bind'>, openid: string): Promise<string> {
  const at = ctx.now();
  const outcome = await claimPendingScene(ctx, { scene, openid, at }, async ({ tx, scene, move }): Promise<Decided> => {
    const user = scene.userId === null ? null : await tx.users.findById(scene.userId);
    if (!user) return { kind: 'orphan' };
    const result = await bindWechat(tx, { userId: user.id, openid, now: at, via: 'scan' });
    if (result === 'bound' || result === 'same') {
      const account = maskEmail(user.email);
      const bound = await move('bound', { openid, detail: { ...scene.detail, account } });
      return { kind: result, scene: bound, userId: user.id, account };
    }
    const refused = await move('conflict', { openid, detail: { ...scene.detail, reason: result } });
    return { kind: 'refused', scene: refused, reason: result };
  });
  return answerBindScan(ctx, scene, openid, at, outcome);
}

/** After the commit: tell the browser and the settings page, and the passive reply. */
export function answerBindScan(
  ctx: Pick<Ctx, 'notify' | 'now'>,
  scene: Scene<'bind'>,
  openid: string,
  at: number,
  outcome: BindScanOutcome,
): string {
  const locale = sceneLocale(scene);
  switch (outcome.kind) {
    case 'bound':
    case 'same':
      publishScene(ctx, outcome.scene);
      // The row just written, as the settings page shows it: no need to read it back.
      if (outcome.kind === 'bound')
        ctx.notify.account(outcome.userId, {
          wechat: bindingView({
            userId: outcome.userId,
            openid,
            boundAt: at,
            subscribed: true,
            subscribedChangedAt: null,
          }),
        });
      return t(locale, outcome.kind === 'bound' ? 'reply.bound' : 'reply.alreadyBound', { account: outcome.account });
    case 'refused':
      publishScene(ctx, outcome.scene);
      return t(locale, `reply.conflict.${outcome.reason}`);
    case 'repeat':
      if (outcome.scene.status !== 'bound') return t(locale, 'reply.conflict.used');
      // A redelivery after the first handler died between its commit and its push: push again.
      publishScene(ctx, outcome.scene);
      return t(locale, 'reply.bound', { account: outcome.scene.detail?.account ?? '' });
    case 'expired':
      return t(locale, 'reply.conflict.expired');
    case 'used':
    case 'orphan':
      return t(locale, 'reply.conflict.used');
  }
}
