import type { Ctx } from '../context';
import { t } from '../i18n';
import { claimPendingScene, publishScene, type Scene, sceneLocale, type Unclaimed } from '../scene';
import { signConfirmToken } from './confirm-token';

/**
 * A `login` scene was scanned. A bound openid makes the scene `confirming` (a signed link to confirm
 * on the phone) or, with LOGIN_CONFIRM=none, `login_ready`. An unbound one is `confirming` too, always:
 * the browser that showed the QR will bind this WeChat to an account of its choosing, so the phone must
 * first agree ("binds to a new account"); only then is the scene `needs_binding` and /bind-account opens.
 * Otherwise an attacker's login QR, scanned by a victim, would bind the victim's WeChat to the attacker.
 * The browser learns the state; only the browser holding the scene's key can finish the login.
 */
export async function loginFromScan(ctx: Ctx, scene: Scene<'login'>, openid: string): Promise<string> {
  const at = ctx.now();
  const outcome = await claimPendingScene(ctx, { scene, openid, at }, async ({ tx, move }) => {
    const binding = await tx.bindings.findByOpenid(openid);
    const status = !binding || ctx.config.loginConfirm === 'phone' ? 'confirming' : 'login_ready';
    return { kind: 'moved' as const, scene: await move(status, { openid, userId: binding?.userId ?? null }) };
  });
  return answerLoginScan(ctx, scene, openid, outcome);
}

/** What a login scan's transaction decided (here, or in one call on PostgreSQL: handleScanInOneCall, lib/scan/handle-scan-event.ts). */
export type LoginScanOutcome = { kind: 'moved'; scene: Scene<'login'> } | Unclaimed<'login'>;

/** After the commit: tell the browser, and the passive reply. */
export function answerLoginScan(
  ctx: Pick<Ctx, 'notify' | 'now' | 'config'>,
  scene: Scene<'login'>,
  openid: string,
  outcome: LoginScanOutcome,
): string {
  const locale = sceneLocale(scene);
  if (outcome.kind === 'used') return t(locale, 'reply.login.used');
  if (outcome.kind === 'expired') return t(locale, 'reply.login.expired');
  // 'repeat' is a redelivery (perhaps after the first handler died before its push): push again.
  publishScene(ctx, outcome.scene);
  return replyFor(ctx, outcome.scene, openid);
}

/** The reply for a scene's state after a scan; a repeated scan by the same WeChat gets the same one. */
function replyFor({ config }: Pick<Ctx, 'config'>, scene: Scene<'login'>, openid: string): string {
  const locale = sceneLocale(scene);
  switch (scene.status) {
    case 'needs_binding':
      return t(locale, 'reply.login.needsBinding');
    case 'confirming': {
      const token = signConfirmToken(config.appSecret, scene.id, openid, scene.expiresAt);
      const link = `${config.publicUrl}/wechat/confirm?token=${encodeURIComponent(token)}`;
      const site = new URL(config.publicUrl).host;
      return t(locale, scene.userId === null ? 'reply.login.confirmBind' : 'reply.login.confirm', { site, link });
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
