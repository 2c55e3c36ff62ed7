import { readerFromScan } from '../auth/link-reader-scan';
import { answerLoginScan, type LoginScanOutcome, loginFromScan } from '../auth/login-scan';
import { answerBindScan, type BindScanOutcome, bindFromScan } from '../binding/bind-from-scan';
import { scanBoundEvent } from '../binding/bind-wechat';
import type { Ctx } from '../context';
import type { ScanCallInput, ScanCallResult } from '../db/types';
import { checkinFromScan } from '../events/checkin-from-scan';
import { bindHostFromScan, isHostScene, loginHostFromScan } from '../host/host-scan';
import { t } from '../i18n';
import { maskEmail } from '../log';
import { ALLOWED_MOVES, publishScene, type Scene, type ScenePurpose } from '../scene';
import { sendCodeFromScan, sendCodeInOneCall } from '../verify/send-code-from-scan';
import { type Admission, type Admitted, type MessageOutcome, RELAY } from '../wechat';
import { wakeWebhookDispatcher } from '../webhooks/enqueue-event';

/** A purpose's scan handler: it decides in the scene's transaction, acts after the commit and returns WeChat's reply. */
export type ScanHandler<P extends ScenePurpose> = (ctx: Ctx, scene: Scene<P>, openid: string) => Promise<string | null>;
/** A handler for each purpose: a purpose without one is a type error where the table is written. */
export type ScanHandlers = { [P in ScenePurpose]: ScanHandler<P> };

/** The one place a purpose is registered: its handler, written in the folder of its flow. */
export const SCAN_HANDLERS = {
  bind: bindFromScan,
  login: loginFromScan,
  verify: sendCodeFromScan,
  checkin: checkinFromScan,
  link: readerFromScan,
} as const satisfies ScanHandlers;

/** Scenes made through the server API for a host site's own users: only the purposes the API offers. */
const HOST_SCAN_HANDLERS: Partial<ScanHandlers> = {
  bind: bindHostFromScan,
  login: loginHostFromScan,
};

/**
 * A QR scene was scanned (SCAN, or subscribe with a scene): dispatch by the scene's purpose. A scene
 * WeBind does not know belongs to the site's existing server when WECHAT_RELAY_URL is set.
 */
export async function handleScanEvent(ctx: Ctx, event: { openid: string; sceneId: string }): Promise<MessageOutcome> {
  return dispatchScan(ctx, event.openid, await ctx.repos.scenes.get(event.sceneId));
}

function dispatchScan(ctx: Ctx, openid: string, scene: Scene | null): Promise<MessageOutcome> | MessageOutcome {
  if (!scene) return ctx.config.relayUrl ? RELAY : t('zh', 'reply.unknownScene');
  const table: Partial<ScanHandlers> = isHostScene(scene) ? HOST_SCAN_HANDLERS : SCAN_HANDLERS;
  const handler = table[scene.purpose] as ScanHandler<ScenePurpose> | undefined;
  if (!handler) return t('zh', 'reply.unknownScene');
  ctx.metrics.scan(scene.purpose);
  return handler(ctx, scene, openid);
}

/**
 * PostgreSQL (`repos.scanCall`): the same scan as `handleScanEvent`, with the window it opens and the
 * webhook's replay and dedup records, in one database round trip. WeBind's own bind and login scenes are
 * decided inside it (drizzle/pg/0009_scan_in_one_call.sql, the same decisions as bindFromScan and
 * loginFromScan) and answered here after the commit as those handlers answer; any other scene goes to
 * its handler.
 */
export async function handleScanInOneCall(
  ctx: Ctx,
  event: { openid: string; sceneId: string; window: ScanCallInput['window'] },
  admission: Admission,
): Promise<Admitted> {
  const { openid } = event;
  const scanCall = ctx.repos.scanCall;
  if (!scanCall) throw new Error('handleScanInOneCall needs PostgreSQL (repos.scanCall)');
  const started = Date.now();
  const at = ctx.now();
  const r = await scanCall.scan({
    replay: admission.replay,
    dedup: admission.dedup,
    lockTimeoutMs: admission.budgetMs,
    now: at,
    openid,
    sceneId: event.sceneId,
    moves: ALLOWED_MOVES,
    window: event.window,
    loginReadyIfBound: ctx.config.loginConfirm !== 'phone',
    noEmailAccount: maskEmail(null),
    event: scanBoundEvent(openid, at),
  });
  if (r.replay === 'conflict') return { replay: 'conflict' };
  if (r.dedup === 'busy') return { dedup: 'busy' };
  if (r.dedup === 'done') return { dedup: 'done', reply: r.reply ?? '' };
  const scene = r.scene ?? null;
  if (scene && r.kind === 'undecided' && scene.purpose === 'verify' && !isHostScene(scene)) {
    // A verify scan: the decision is one more call, with the code made here (sendCodeInOneCall).
    ctx.metrics.scan(scene.purpose);
    const left = admission.budgetMs - (Date.now() - started);
    return { outcome: await sendCodeInOneCall(ctx, scene as Scene<'verify'>, openid, r.owner ?? null, left) };
  }
  if (!scene || r.kind === 'undecided') return { outcome: await dispatchScan(ctx, openid, scene) };
  ctx.metrics.scan(scene.purpose);
  if (r.deliveries) wakeWebhookDispatcher();
  // claimPendingScene pushes an expiry it made after the commit.
  if (r.kind === 'expired' && r.moved) publishScene(ctx, r.moved);
  return {
    outcome:
      scene.purpose === 'bind'
        ? answerBindScan(ctx, scene as Scene<'bind'>, openid, at, decided(r) as BindScanOutcome)
        : answerLoginScan(ctx, scene as Scene<'login'>, openid, decided(r) as LoginScanOutcome),
  };
}

/** The function's result as the handlers' outcome types. */
function decided(r: ScanCallResult): BindScanOutcome | LoginScanOutcome {
  const moved = r.moved as Scene<'bind'>;
  switch (r.kind) {
    case 'repeat':
      return { kind: 'repeat', scene: r.scene as Scene<'bind'> };
    case 'expired':
      return { kind: 'expired', scene: moved };
    case 'orphan':
      return { kind: 'orphan' };
    case 'moved':
      return { kind: 'moved', scene: r.moved as Scene<'login'> };
    case 'bound':
    case 'same':
      return { kind: r.kind, scene: moved, userId: r.userId as number, account: r.account as string };
    case 'refused':
      return { kind: 'refused', scene: moved, reason: r.reason as 'openid_taken' };
    default:
      return { kind: 'used' };
  }
}
