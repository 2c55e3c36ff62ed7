import { randomBytes } from 'node:crypto';
import type { Repos, WebhookEndpoint } from '../db/types';
import { ValidationError } from '../errors';
import { isWebhookEventType } from './event-types';

/**
 * Adds an outgoing webhook endpoint with a fresh `whsec_` secret (24 random bytes, base64, the format
 * the Standard Webhooks libraries accept). Takes effect at once: the next event is delivered to it.
 */
export async function addWebhookEndpoint(
  repos: Repos,
  input: { url: string; events?: string[] | null },
  now: number,
): Promise<WebhookEndpoint> {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new ValidationError('invalid_url');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ValidationError('invalid_url');
  if (url.username || url.password) throw new ValidationError('invalid_url');
  const events = input.events?.length ? [...new Set(input.events)] : null;
  for (const type of events ?? []) if (!isWebhookEventType(type)) throw new ValidationError('invalid_event_type');
  const endpoint: WebhookEndpoint = {
    id: `ep_${randomBytes(9).toString('base64url')}`,
    url: url.toString(),
    secret: `whsec_${randomBytes(24).toString('base64')}`,
    events,
    createdAt: now,
  };
  await repos.webhooks.addEndpoint(endpoint);
  return endpoint;
}
