import type { EndpointDeliveryState } from '../db/ops';
import type { User } from '../db/types';
import { runDoctor, type CheckResult } from '../doctor/checks';
import type { AdminCtx } from './context';
import { recordAdminAction } from './record-admin-action';

export const QR_CREATE_PATH = '/cgi-bin/qrcode/create';

export interface Health {
  /** qrcode/create's quota today, from openapi/quota/get. */
  quota: { ok: true; used: number; remain: number; dailyLimit: number } | { ok: false; error: string };
  /** The last successful stable_token refresh (any instance). */
  token: { refreshedAt: number; expiresAt: number } | null;
  tokenError: { at: number; errcode: number | null; message: string } | null;
  lastWebhook: { at: number; outcome: string; durationMs: number; kind: string | null } | null;
  /** Outgoing webhooks to host sites, per endpoint (empty when none is configured). */
  outgoingWebhooks: EndpointDeliveryState[];
}

/** The health page's facts: one WeChat call (openapi/quota/get), the rest from the database. */
export async function getHealth(ctx: AdminCtx): Promise<Health> {
  const { db, wechat } = ctx;
  let quota: Health['quota'];
  try {
    const q = await wechat.getApiQuota(QR_CREATE_PATH);
    ctx.metrics.quota(QR_CREATE_PATH, q.remain);
    quota = { ok: true, ...q };
  } catch (err) {
    quota = { ok: false, error: err instanceof Error ? err.message.slice(0, 200) : String(err) };
  }
  const [refreshed, error, webhook, outgoing] = await Promise.all([
    db.ops.getState<{ at: number; expiresAt: number }>('token.refreshed'),
    db.ops.getState<{ at: number; errcode: number | null; message: string }>('token.error'),
    db.ops.getState<{ at: number; outcome: string; durationMs: number; kind: string | null }>('webhook.last'),
    db.ops.deliveryState(),
  ]);
  return {
    quota,
    token: refreshed ? { refreshedAt: refreshed.value.at, expiresAt: refreshed.value.expiresAt } : null,
    tokenError: error?.value ?? null,
    lastWebhook: webhook?.value ?? null,
    outgoingWebhooks: outgoing,
  };
}

/**
 * The doctor's checks from the health page (the same as `npm run doctor`, against this instance's
 * configuration and connections), audited as an admin action.
 */
export async function runHealthChecks(
  ctx: AdminCtx,
  admin: User,
  pingRedis: () => Promise<void>,
): Promise<CheckResult[]> {
  const results = await runDoctor({ config: ctx.config, pingDatabase: () => ctx.db.ping(), pingRedis });
  await recordAdminAction(ctx, admin, 'doctor', {
    failed: results.filter((r) => r.state === 'fail').map((r) => r.id),
  });
  return results;
}
