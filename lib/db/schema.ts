/**
 * The database schema, written once for both dialects. `defineSchema(k)` builds every table from the
 * column builders of one dialect (`k`); lib/db/schema-sqlite.ts and lib/db/schema-pg.ts each call it
 * with their own and export the tables for drizzle-kit. Times are epoch milliseconds (a bigint column
 * on PostgreSQL, read back as a JS number: safe until the year 287396).
 *
 * The definition is typed with drizzle's PostgreSQL builders, as the repositories are (lib/db/repos.ts):
 * the SQLite builders answer the same calls, so SQLite's tables go through the same code.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { SCENE_PURPOSES, SCENE_STATUSES, type SceneDetail } from '../scene/status';

/** A dialect's column and table builders: what differs between the two is `id`, `ms`, `bool` and `json`. */
export const pgColumns = {
  ...{ table: pgTable, text, integer, index, uniqueIndex, primaryKey, check },
  id: (name: string) => integer(name).primaryKey().generatedByDefaultAsIdentity(),
  ms: (name: string) => bigint(name, { mode: 'number' }),
  bool: boolean,
  json: <T>(name: string) => jsonb(name).$type<T>(),
};

export type ColumnKit = typeof pgColumns;

/** A constant list as SQL literals, for a CHECK constraint (the values are our own identifiers). */
const oneOf = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export function defineSchema(k: ColumnKit) {
  const users = k.table('users', {
    id: k.id('id'),
    // Both null for a WeChat-only account (SIGNUP_WECHAT_ONLY=1) until the user adds them in settings.
    email: k.text('email').unique(),
    passwordHash: k.text('password_hash'),
    createdAt: k.ms('created_at').notNull(),
    passwordChangedAt: k.ms('password_changed_at').notNull(),
  });

  const sessions = k.table(
    'sessions',
    {
      // sha256 of the cookie token: a stolen database does not yield live sessions.
      tokenHash: k.text('token_hash').primaryKey(),
      userId: k
        .integer('user_id')
        .notNull()
        .references(() => users.id, { onDelete: 'cascade' }),
      createdAt: k.ms('created_at').notNull(),
      expiresAt: k.ms('expires_at').notNull(),
      userAgent: k.text('user_agent'),
      ip: k.text('ip'),
    },
    (t) => [k.index('sessions_user_idx').on(t.userId), k.index('sessions_expires_idx').on(t.expiresAt)],
  );

  const wechatBindings = k.table('wechat_bindings', {
    // Both sides unique: one WeChat per account and one account per WeChat, enforced by the database.
    userId: k
      .integer('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    openid: k.text('openid').notNull().unique(),
    boundAt: k.ms('bound_at').notNull(),
    subscribed: k.bool('subscribed').notNull().default(true),
    subscribedChangedAt: k.ms('subscribed_changed_at'),
  });

  const scenes = k.table(
    'scenes',
    {
      id: k.text('id').primaryKey(), // the scene_str carried by the QR code
      purpose: k.text('purpose', { enum: SCENE_PURPOSES }).notNull(),
      status: k.text('status', { enum: SCENE_STATUSES }).notNull(),
      userId: k.integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
      // A host site's own user id (server API scenes): an opaque string, not a WeBind account.
      externalUserId: k.text('external_user_id'),
      openid: k.text('openid'),
      browserKeyHash: k.text('browser_key_hash'),
      qrContent: k.text('qr_content').notNull(),
      detail: k.json<SceneDetail>('detail'),
      ip: k.text('ip'),
      userAgent: k.text('user_agent'),
      createdAt: k.ms('created_at').notNull(),
      updatedAt: k.ms('updated_at').notNull(),
      expiresAt: k.ms('expires_at').notNull(),
    },
    (t) => [
      k.index('scenes_user_idx').on(t.userId, t.purpose),
      k.index('scenes_expires_idx').on(t.expiresAt),
      // The lifecycle's lists (lib/scene/status.ts) as constraints: no other status or purpose can be stored.
      k.check('scenes_status_check', sql`${t.status} in (${oneOf(SCENE_STATUSES)})`),
      k.check('scenes_purpose_check', sql`${t.purpose} in (${oneOf(SCENE_PURPOSES)})`),
    ],
  );

  const verificationCodes = k.table(
    'verification_codes',
    {
      id: k.id('id'),
      userId: k
        .integer('user_id')
        .notNull()
        .references(() => users.id, { onDelete: 'cascade' }),
      codeHash: k.text('code_hash').notNull(),
      attempts: k.integer('attempts').notNull().default(0),
      createdAt: k.ms('created_at').notNull(),
      expiresAt: k.ms('expires_at').notNull(),
      usedAt: k.ms('used_at'),
    },
    (t) => [k.index('codes_user_idx').on(t.userId)],
  );

  const linkNonces = k.table('link_nonces', {
    nonce: k.text('nonce').primaryKey(),
    openid: k.text('openid').notNull(),
    usedAt: k.ms('used_at').notNull(),
    expiresAt: k.ms('expires_at').notNull(),
  });

  const webhookDedup = k.table(
    'webhook_dedup',
    {
      key: k.text('key').primaryKey(),
      reply: k.text('reply'), // null while the first delivery is being handled
      claimedAt: k.ms('claimed_at').notNull(),
      expiresAt: k.ms('expires_at').notNull(),
    },
    (t) => [k.index('dedup_expires_idx').on(t.expiresAt)],
  );

  const webhookReplay = k.table(
    'webhook_replay',
    {
      key: k.text('key').primaryKey(), // timestamp:nonce:signature
      bodyHash: k.text('body_hash').notNull(),
      expiresAt: k.ms('expires_at').notNull(),
    },
    (t) => [k.index('replay_expires_idx').on(t.expiresAt)],
  );

  const accessTokens = k.table('access_tokens', {
    appId: k.text('app_id').primaryKey(),
    token: k.text('token').notNull(),
    expiresAt: k.ms('expires_at').notNull(),
  });

  const rateLimits = k.table('rate_limits', {
    key: k.text('key').primaryKey(),
    count: k.integer('count').notNull(),
    windowEndsAt: k.ms('window_ends_at').notNull(),
  });

  const auditLog = k.table(
    'audit_log',
    {
      id: k.id('id'),
      at: k.ms('at').notNull(),
      action: k.text('action').notNull(),
      userId: k.integer('user_id'),
      openid: k.text('openid'),
      detail: k.json<Record<string, unknown>>('detail'),
    },
    (t) => [k.index('audit_user_idx').on(t.userId), k.index('audit_at_idx').on(t.at)],
  );

  // Operations (lib/db/ops.ts): the admin console's one-minute chart points, one row per minute and
  // instance (a restarted process writes a new row; readers sum), and small named facts (last webhook…).
  const metricMinutes = k.table(
    'metric_minutes',
    {
      minute: k.ms('minute').notNull(),
      instance: k.text('instance').notNull(),
      data: k.text('data').notNull(), // JSON: { series: value }
    },
    (t) => [k.primaryKey({ columns: [t.minute, t.instance] })],
  );

  const opsState = k.table('ops_state', {
    key: k.text('key').primaryKey(),
    value: k.text('value').notNull(), // JSON
    updatedAt: k.ms('updated_at').notNull(),
  });

  // OpenID Provider storage (lib/oidc): every oidc-provider model (sessions, interactions, codes, tokens,
  // grants…) is one row; the payload is the library's own JSON. `expires_at` lets cleanup drop them.
  const oidcModels = k.table(
    'oidc_models',
    {
      model: k.text('model').notNull(),
      id: k.text('id').notNull(),
      payload: k.text('payload').notNull(), // JSON text on both dialects
      grantId: k.text('grant_id'),
      uid: k.text('uid'),
      userCode: k.text('user_code'),
      expiresAt: k.ms('expires_at'),
      consumedAt: k.ms('consumed_at'),
    },
    (t) => [
      k.primaryKey({ columns: [t.model, t.id] }),
      k.index('oidc_models_grant_idx').on(t.grantId),
      k.index('oidc_models_uid_idx').on(t.uid),
      k.index('oidc_models_expires_idx').on(t.expiresAt),
    ],
  );

  // The provider's signing keys (private JWKs), generated at first start and kept here so every instance
  // and every restart signs and verifies with the same keys. A retired key stays published for a while.
  const oidcKeys = k.table('oidc_keys', {
    kid: k.text('kid').primaryKey(),
    jwk: k.text('jwk').notNull(), // JSON text
    createdAt: k.ms('created_at').notNull(),
    retiredAt: k.ms('retired_at'),
  });

  // ── Server API for host sites (issue 16) ────────────────────────────────────────────────────────────

  const apiKeys = k.table(
    'api_keys',
    {
      id: k.id('id'),
      name: k.text('name').notNull(),
      // sha256 of the key: the key itself is printed once and never stored.
      keyHash: k.text('key_hash').notNull().unique(),
      ratePerMinute: k.integer('rate_per_minute').notNull(),
      createdAt: k.ms('created_at').notNull(),
      lastUsedAt: k.ms('last_used_at'),
      revokedAt: k.ms('revoked_at'),
    },
    // A name names one live key; a revoked key keeps its name in the audit trail.
    (t) => [k.uniqueIndex('api_keys_live_name_idx').on(t.name).where(sql`revoked_at is null`)],
  );

  /** A host site's user bound to a WeChat openid (both sides unique, as for WeBind's own accounts). */
  const hostBindings = k.table('host_bindings', {
    id: k.text('id').primaryKey(),
    externalUserId: k.text('external_user_id').notNull().unique(),
    openid: k.text('openid').notNull().unique(),
    boundAt: k.ms('bound_at').notNull(),
    apiKeyName: k.text('api_key_name'),
  });

  const webhookEndpoints = k.table('webhook_endpoints', {
    id: k.text('id').primaryKey(),
    url: k.text('url').notNull(),
    // whsec_…: needed in clear to sign; shown once when created.
    secret: k.text('secret').notNull(),
    // null: every event type.
    events: k.json<string[]>('events'),
    createdAt: k.ms('created_at').notNull(),
  });

  /** The outbox: one row per event, written in the transaction of the effect it reports. */
  const webhookEvents = k.table(
    'webhook_events',
    {
      id: k.text('id').primaryKey(), // msg_…, the webhook-id every delivery of it carries
      type: k.text('type').notNull(),
      payload: k.text('payload').notNull(), // the exact JSON body signed and sent
      createdAt: k.ms('created_at').notNull(),
    },
    (t) => [k.index('webhook_events_at_idx').on(t.createdAt)],
  );

  const webhookDeliveries = k.table(
    'webhook_deliveries',
    {
      id: k.id('id'),
      eventId: k
        .text('event_id')
        .notNull()
        .references(() => webhookEvents.id, { onDelete: 'cascade' }),
      endpointId: k
        .text('endpoint_id')
        .notNull()
        .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
      status: k.text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
      attempts: k.integer('attempts').notNull().default(0),
      nextAttemptAt: k.ms('next_attempt_at').notNull(),
      // An instance sending it holds it until then; a crashed sender's lease lapses and another sends.
      leaseUntil: k.ms('lease_until'),
      lastStatus: k.integer('last_status'),
      lastResponse: k.text('last_response'),
      deliveredAt: k.ms('delivered_at'),
      createdAt: k.ms('created_at').notNull(),
    },
    (t) => [
      k.uniqueIndex('webhook_deliveries_event_endpoint_idx').on(t.eventId, t.endpointId),
      k.index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    ],
  );

  /** The delivery log: one row per attempt, with the answer (status and the start of the body). */
  const webhookAttempts = k.table(
    'webhook_attempts',
    {
      id: k.id('id'),
      deliveryId: k
        .integer('delivery_id')
        .notNull()
        .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
      at: k.ms('at').notNull(),
      status: k.integer('status'), // HTTP status; null when no answer came
      response: k.text('response'), // first 1 KiB of the body, or the network error
      durationMs: k.integer('duration_ms').notNull(),
    },
    (t) => [k.index('webhook_attempts_delivery_idx').on(t.deliveryId)],
  );

  /**
   * Offline events (issue 19). `signedUp` / `checkedIn` are counters kept in the sign-up and check-in
   * transactions; the CHECK makes the database itself refuse a sign-up past capacity.
   */
  const events = k.table(
    'events',
    {
      id: k.id('id'),
      title: k.text('title').notNull(),
      description: k.text('description').notNull(),
      place: k.text('place').notNull(),
      startsAt: k.ms('starts_at').notNull(),
      endsAt: k.ms('ends_at').notNull(),
      capacity: k.integer('capacity').notNull(),
      signupDeadline: k.ms('signup_deadline').notNull(),
      walkInsAllowed: k.bool('walk_ins_allowed').notNull(),
      signedUp: k.integer('signed_up').notNull().default(0),
      checkedIn: k.integer('checked_in').notNull().default(0),
      createdAt: k.ms('created_at').notNull(),
    },
    (t) => [
      k.check('events_capacity_check', sql`${t.capacity} > 0`),
      k.check('events_signed_up_check', sql`${t.signedUp} >= 0 and ${t.signedUp} <= ${t.capacity}`),
      k.check('events_times_check', sql`${t.endsAt} >= ${t.startsAt}`),
    ],
  );

  /** One user's place at an event; a walk-in has `walkIn` and counts against no capacity. */
  const eventSignups = k.table(
    'event_signups',
    {
      eventId: k
        .integer('event_id')
        .notNull()
        .references(() => events.id, { onDelete: 'cascade' }),
      userId: k
        .integer('user_id')
        .notNull()
        .references(() => users.id, { onDelete: 'cascade' }),
      signedUpAt: k.ms('signed_up_at').notNull(),
      walkIn: k.bool('walk_in').notNull().default(false),
      checkedInAt: k.ms('checked_in_at'),
      // 1 for the first to arrive: "签到成功，您是第 N 位".
      arrival: k.integer('arrival'),
    },
    (t) => [
      k.primaryKey({ columns: [t.eventId, t.userId] }),
      k.uniqueIndex('event_signups_arrival_idx').on(t.eventId, t.arrival),
    ],
  );

  /**
   * Customer-service windows per WeChat user, opened by their pushes (客服消息下发规则: a message allows 5
   * messages within 48 h; a follow, scan or menu click 3 within 1 minute). lib/delivery reads them.
   */
  const wechatWindows = k.table('wechat_windows', {
    openid: k.text('openid').primaryKey(),
    messageUntil: k.ms('message_until').notNull(),
    messageLeft: k.integer('message_left').notNull(),
    eventUntil: k.ms('event_until').notNull(),
    eventLeft: k.integer('event_left').notNull(),
  });

  /** Keyword codes: what a user sends to the account instead of scanning a scene's QR. Single use. */
  const keywordCodes = k.table(
    'keyword_codes',
    {
      code: k.text('code').primaryKey(),
      sceneId: k.text('scene_id').notNull().unique(),
      createdAt: k.ms('created_at').notNull(),
      expiresAt: k.ms('expires_at').notNull(),
      usedAt: k.ms('used_at'),
    },
    (t) => [k.index('keyword_codes_expires_idx').on(t.expiresAt)],
  );
  return {
    users,
    sessions,
    wechatBindings,
    scenes,
    verificationCodes,
    linkNonces,
    webhookDedup,
    webhookReplay,
    accessTokens,
    rateLimits,
    auditLog,
    metricMinutes,
    opsState,
    oidcModels,
    oidcKeys,
    apiKeys,
    hostBindings,
    webhookEndpoints,
    webhookEvents,
    webhookDeliveries,
    webhookAttempts,
    events,
    eventSignups,
    wechatWindows,
    keywordCodes,
  };
}

export type Schema = ReturnType<typeof defineSchema>;
