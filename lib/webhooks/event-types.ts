/**
 * Outgoing webhook event types, declared once (SPEC §5). Every event is sent as the Standard Webhooks
 * payload shape `{ type, timestamp, data }`.
 */
export const WEBHOOK_EVENT_TYPES = [
  'binding.created',
  'binding.deleted',
  'login.succeeded',
  'follower.subscribed',
  'follower.unsubscribed',
  'user.authorization_revoked',
  'message.received',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Who a WeChat user is on the site: a host site's own user id, or a WeBind account (or neither). */
export interface WebhookSubject {
  openid: string;
  externalUserId: string | null;
  userId: number | null;
}

export interface WebhookEventData {
  'binding.created': WebhookSubject & { bindingId: string | null; boundAt: number; via: string };
  'binding.deleted': WebhookSubject & { bindingId: string | null; via: string };
  'login.succeeded': WebhookSubject & { sceneId: string };
  'follower.subscribed': WebhookSubject & { sceneId: string | null };
  'follower.unsubscribed': WebhookSubject;
  'user.authorization_revoked': WebhookSubject & { revokeInfo: string | null };
  'message.received': WebhookSubject & { msgId: string | null; text: string; createTime: number };
}

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}
