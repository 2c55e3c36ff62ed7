import { createApiKey, revokeApiKey } from '../apikeys/api-keys';
import type { User, WebhookEndpoint } from '../db/types';
import { NotFoundError } from '../errors';
import { addWebhookEndpoint } from '../webhooks/endpoints';
import { wakeWebhookDispatcher } from '../webhooks/enqueue-event';
import type { AdminCtx } from './context';
import { recordAdminAction } from './record-admin-action';

/**
 * The server API's settings in the admin console: the same verbs as `npm run apikey` and
 * `npm run webhooks`, each audited with the administrator. Secrets are returned once, never listed.
 */
export async function adminCreateApiKey(ctx: AdminCtx, admin: User, input: { name: string; ratePerMinute?: number }) {
  const created = await createApiKey(ctx.repos, input, ctx.now());
  await recordAdminAction(ctx, admin, 'apikey.create', { key: created.name });
  return created;
}

export async function adminRevokeApiKey(ctx: AdminCtx, admin: User, name: string): Promise<void> {
  await revokeApiKey(ctx.repos, name, ctx.now());
  await recordAdminAction(ctx, admin, 'apikey.revoke', { key: name });
}

export async function adminAddWebhook(
  ctx: AdminCtx,
  admin: User,
  input: { url: string; events?: string[] | null },
): Promise<WebhookEndpoint> {
  const endpoint = await addWebhookEndpoint(ctx.repos, input, ctx.now());
  await recordAdminAction(ctx, admin, 'webhook.add', { endpoint: endpoint.id, url: endpoint.url });
  return endpoint;
}

export async function adminRemoveWebhook(ctx: AdminCtx, admin: User, id: string): Promise<void> {
  if (!(await ctx.repos.webhooks.removeEndpoint(id))) throw new NotFoundError('endpoint_not_found');
  await recordAdminAction(ctx, admin, 'webhook.remove', { endpoint: id });
}

export async function adminResendDelivery(ctx: AdminCtx, admin: User, deliveryId: number): Promise<void> {
  if ((await ctx.repos.webhooks.resend({ deliveryId }, ctx.now())) === 0) throw new NotFoundError('delivery_not_found');
  wakeWebhookDispatcher();
  await recordAdminAction(ctx, admin, 'webhook.resend', { delivery: deliveryId });
}

/** What the integrations page lists: keys (no hashes), endpoints (no secrets), the latest deliveries. */
export async function integrationsOverview(ctx: AdminCtx) {
  const [keys, endpoints, deliveries] = await Promise.all([
    ctx.repos.apiKeys.list(),
    ctx.repos.webhooks.listEndpoints(),
    ctx.repos.webhooks.listDeliveries({ limit: 50 }),
  ]);
  return {
    keys,
    endpoints: endpoints.map(({ secret: _secret, ...endpoint }) => endpoint),
    deliveries,
  };
}
