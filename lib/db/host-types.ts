/**
 * Repositories of the server API for host sites: API keys, host bindings and the outgoing-webhook
 * outbox. Part of `Repos` (lib/db/types.ts), so they join the transaction of the effect they record.
 */

export interface ApiKey {
  id: number;
  name: string;
  ratePerMinute: number;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface HostBinding {
  id: string;
  externalUserId: string;
  openid: string;
  boundAt: number;
  apiKeyName: string | null;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  secret: string;
  /** null: every event type. */
  events: string[] | null;
  createdAt: number;
}

export interface WebhookDelivery {
  id: number;
  eventId: string;
  endpointId: string;
  type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: number;
  lastStatus: number | null;
  lastResponse: string | null;
  deliveredAt: number | null;
  createdAt: number;
}

export interface WebhookAttempt {
  id: number;
  deliveryId: number;
  at: number;
  status: number | null;
  response: string | null;
  durationMs: number;
}

/** A delivery leased for sending, with what is needed to send it. */
export interface DueDelivery {
  deliveryId: number;
  eventId: string;
  type: string;
  payload: string;
  createdAt: number;
  attempts: number;
  url: string;
  secret: string;
}

export interface ApiKeysRepo {
  /** 'name_taken' when a live key already has this name. */
  create(input: { name: string; keyHash: string; ratePerMinute: number; now: number }): Promise<'ok' | 'name_taken'>;
  /** Revokes the live key of that name; false when there is none. */
  revoke(name: string, now: number): Promise<boolean>;
  /** The live key with this hash. */
  findByHash(keyHash: string): Promise<ApiKey | null>;
  touch(id: number, now: number): Promise<void>;
  list(): Promise<ApiKey[]>;
}

export interface HostBindingsRepo {
  insert(binding: HostBinding): Promise<'ok' | 'openid_taken' | 'external_taken'>;
  get(id: string): Promise<HostBinding | null>;
  findByExternalUserId(externalUserId: string): Promise<HostBinding | null>;
  findByOpenid(openid: string): Promise<HostBinding | null>;
  delete(id: string): Promise<HostBinding | null>;
}

export interface WebhooksRepo {
  addEndpoint(endpoint: WebhookEndpoint): Promise<void>;
  listEndpoints(): Promise<WebhookEndpoint[]>;
  removeEndpoint(id: string): Promise<boolean>;
  /**
   * Writes an event and one pending delivery per endpoint subscribed to its type; returns how many.
   * Call it inside the transaction of the effect it reports.
   */
  enqueue(event: { id: string; type: string; payload: string; createdAt: number }): Promise<number>;
  /** Leases up to `limit` pending deliveries due at `now` whose lease (if any) has lapsed. */
  claimDue(now: number, leaseUntil: number, limit: number): Promise<DueDelivery[]>;
  /** Logs one attempt and moves the delivery on: delivered, retried at `nextAttemptAt`, or failed. */
  recordAttempt(input: {
    deliveryId: number;
    at: number;
    status: number | null;
    response: string | null;
    durationMs: number;
    outcome: 'delivered' | 'retry' | 'failed';
    nextAttemptAt: number;
  }): Promise<void>;
  listDeliveries(filter: { eventId?: string; endpointId?: string; limit: number }): Promise<WebhookDelivery[]>;
  listAttempts(deliveryId: number): Promise<WebhookAttempt[]>;
  /** Makes deliveries due now again (keeping their event id); returns how many. */
  resend(filter: { deliveryId?: number; eventId?: string }, now: number): Promise<number>;
}
