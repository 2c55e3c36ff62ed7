// SQLite schema. lib/db/schema-pg.ts mirrors it table for table; times are epoch milliseconds.
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { SCENE_PURPOSES, SCENE_STATUSES, type SceneDetail } from '../scene/status';

/** A constant list as SQL literals, for a CHECK constraint (the values are our own identifiers). */
const oneOf = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

const ms = (name: string) => integer(name, { mode: 'number' });

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  // Both null for a WeChat-only account (SIGNUP_WECHAT_ONLY=1) until the user adds them in settings.
  email: text('email').unique(),
  passwordHash: text('password_hash'),
  createdAt: ms('created_at').notNull(),
  passwordChangedAt: ms('password_changed_at').notNull(),
});

export const sessions = sqliteTable(
  'sessions',
  {
    // sha256 of the cookie token: a stolen database does not yield live sessions.
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
    userAgent: text('user_agent'),
    ip: text('ip'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

export const wechatBindings = sqliteTable('wechat_bindings', {
  // Both sides unique: one WeChat per account and one account per WeChat, enforced by the database.
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  openid: text('openid').notNull().unique(),
  boundAt: ms('bound_at').notNull(),
  subscribed: integer('subscribed', { mode: 'boolean' }).notNull().default(true),
  subscribedChangedAt: ms('subscribed_changed_at'),
});

export const scenes = sqliteTable(
  'scenes',
  {
    id: text('id').primaryKey(), // the scene_str carried by the QR code
    purpose: text('purpose', { enum: SCENE_PURPOSES }).notNull(),
    status: text('status', { enum: SCENE_STATUSES }).notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    // A host site's own user id (server API scenes): an opaque string, not a WeBind account.
    externalUserId: text('external_user_id'),
    openid: text('openid'),
    browserKeyHash: text('browser_key_hash'),
    qrContent: text('qr_content').notNull(),
    detail: text('detail', { mode: 'json' }).$type<SceneDetail>(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
  },
  (t) => [
    index('scenes_user_idx').on(t.userId, t.purpose),
    index('scenes_expires_idx').on(t.expiresAt),
    // The lifecycle's lists (lib/scene/status.ts) as constraints: no other status or purpose can be stored.
    check('scenes_status_check', sql`${t.status} in (${oneOf(SCENE_STATUSES)})`),
    check('scenes_purpose_check', sql`${t.purpose} in (${oneOf(SCENE_PURPOSES)})`),
  ],
);

export const verificationCodes = sqliteTable(
  'verification_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
    usedAt: ms('used_at'),
  },
  (t) => [index('codes_user_idx').on(t.userId)],
);

export const linkNonces = sqliteTable('link_nonces', {
  nonce: text('nonce').primaryKey(),
  openid: text('openid').notNull(),
  usedAt: ms('used_at').notNull(),
  expiresAt: ms('expires_at').notNull(),
});

export const webhookDedup = sqliteTable(
  'webhook_dedup',
  {
    key: text('key').primaryKey(),
    reply: text('reply'), // null while the first delivery is being handled
    claimedAt: ms('claimed_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
  },
  (t) => [index('dedup_expires_idx').on(t.expiresAt)],
);

export const webhookReplay = sqliteTable(
  'webhook_replay',
  {
    key: text('key').primaryKey(), // timestamp:nonce:signature
    bodyHash: text('body_hash').notNull(),
    expiresAt: ms('expires_at').notNull(),
  },
  (t) => [index('replay_expires_idx').on(t.expiresAt)],
);

export const accessTokens = sqliteTable('access_tokens', {
  appId: text('app_id').primaryKey(),
  token: text('token').notNull(),
  expiresAt: ms('expires_at').notNull(),
});

export const rateLimits = sqliteTable('rate_limits', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  windowEndsAt: ms('window_ends_at').notNull(),
});

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: ms('at').notNull(),
    action: text('action').notNull(),
    userId: integer('user_id'),
    openid: text('openid'),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_user_idx').on(t.userId), index('audit_at_idx').on(t.at)],
);

// Operations (lib/db/ops.ts): the admin console's one-minute chart points, one row per minute and
// instance (a restarted process writes a new row; readers sum), and small named facts (last webhook…).
export const metricMinutes = sqliteTable(
  'metric_minutes',
  {
    minute: ms('minute').notNull(),
    instance: text('instance').notNull(),
    data: text('data').notNull(), // JSON: { series: value }
  },
  (t) => [primaryKey({ columns: [t.minute, t.instance] })],
);

export const opsState = sqliteTable('ops_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(), // JSON
  updatedAt: ms('updated_at').notNull(),
});

// OpenID Provider storage (lib/oidc): every oidc-provider model (sessions, interactions, codes, tokens,
// grants…) is one row; the payload is the library's own JSON. `expires_at` lets cleanup drop them.
export const oidcModels = sqliteTable(
  'oidc_models',
  {
    model: text('model').notNull(),
    id: text('id').notNull(),
    payload: text('payload').notNull(), // JSON text on both dialects
    grantId: text('grant_id'),
    uid: text('uid'),
    userCode: text('user_code'),
    expiresAt: ms('expires_at'),
    consumedAt: ms('consumed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.model, t.id] }),
    index('oidc_models_grant_idx').on(t.grantId),
    index('oidc_models_uid_idx').on(t.uid),
    index('oidc_models_expires_idx').on(t.expiresAt),
  ],
);

// The provider's signing keys (private JWKs), generated at first start and kept here so every instance
// and every restart signs and verifies with the same keys. A retired key stays published for a while.
export const oidcKeys = sqliteTable('oidc_keys', {
  kid: text('kid').primaryKey(),
  jwk: text('jwk').notNull(), // JSON text
  createdAt: ms('created_at').notNull(),
  retiredAt: ms('retired_at'),
});

// ── Server API for host sites (issue 16) ────────────────────────────────────────────────────────────

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    // sha256 of the key: the key itself is printed once and never stored.
    keyHash: text('key_hash').notNull().unique(),
    ratePerMinute: integer('rate_per_minute').notNull(),
    createdAt: ms('created_at').notNull(),
    lastUsedAt: ms('last_used_at'),
    revokedAt: ms('revoked_at'),
  },
  // A name names one live key; a revoked key keeps its name in the audit trail.
  (t) => [uniqueIndex('api_keys_live_name_idx').on(t.name).where(sql`revoked_at is null`)],
);

/** A host site's user bound to a WeChat openid (both sides unique, as for WeBind's own accounts). */
export const hostBindings = sqliteTable('host_bindings', {
  id: text('id').primaryKey(),
  externalUserId: text('external_user_id').notNull().unique(),
  openid: text('openid').notNull().unique(),
  boundAt: ms('bound_at').notNull(),
  apiKeyName: text('api_key_name'),
});

export const webhookEndpoints = sqliteTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  // whsec_…: needed in clear to sign; shown once when created.
  secret: text('secret').notNull(),
  // null: every event type.
  events: text('events', { mode: 'json' }).$type<string[]>(),
  createdAt: ms('created_at').notNull(),
});

/** The outbox: one row per event, written in the transaction of the effect it reports. */
export const webhookEvents = sqliteTable(
  'webhook_events',
  {
    id: text('id').primaryKey(), // msg_…, the webhook-id every delivery of it carries
    type: text('type').notNull(),
    payload: text('payload').notNull(), // the exact JSON body signed and sent
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('webhook_events_at_idx').on(t.createdAt)],
);

export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: text('event_id')
      .notNull()
      .references(() => webhookEvents.id, { onDelete: 'cascade' }),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ms('next_attempt_at').notNull(),
    // An instance sending it holds it until then; a crashed sender's lease lapses and another sends.
    leaseUntil: ms('lease_until'),
    lastStatus: integer('last_status'),
    lastResponse: text('last_response'),
    deliveredAt: ms('delivered_at'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_endpoint_idx').on(t.eventId, t.endpointId),
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
  ],
);

/** The delivery log: one row per attempt, with the answer (status and the start of the body). */
export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    at: ms('at').notNull(),
    status: integer('status'), // HTTP status; null when no answer came
    response: text('response'), // first 1 KiB of the body, or the network error
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId)],
);

/**
 * Offline events (issue 19). `signedUp` / `checkedIn` are counters kept in the sign-up and check-in
 * transactions; the CHECK makes the database itself refuse a sign-up past capacity.
 */
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    description: text('description').notNull(),
    place: text('place').notNull(),
    startsAt: ms('starts_at').notNull(),
    endsAt: ms('ends_at').notNull(),
    capacity: integer('capacity').notNull(),
    signupDeadline: ms('signup_deadline').notNull(),
    walkInsAllowed: integer('walk_ins_allowed', { mode: 'boolean' }).notNull(),
    signedUp: integer('signed_up').notNull().default(0),
    checkedIn: integer('checked_in').notNull().default(0),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    check('events_capacity_check', sql`${t.capacity} > 0`),
    check('events_signed_up_check', sql`${t.signedUp} >= 0 and ${t.signedUp} <= ${t.capacity}`),
    check('events_times_check', sql`${t.endsAt} >= ${t.startsAt}`),
  ],
);

/** One user's place at an event; a walk-in has `walkIn` and counts against no capacity. */
export const eventSignups = sqliteTable(
  'event_signups',
  {
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    signedUpAt: ms('signed_up_at').notNull(),
    walkIn: integer('walk_in', { mode: 'boolean' }).notNull().default(false),
    checkedInAt: ms('checked_in_at'),
    // 1 for the first to arrive: "签到成功，您是第 N 位".
    arrival: integer('arrival'),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.userId] }),
    uniqueIndex('event_signups_arrival_idx').on(t.eventId, t.arrival),
  ],
);

/**
 * Customer-service windows per WeChat user, opened by their pushes (客服消息下发规则: a message allows 5
 * messages within 48 h; a follow, scan or menu click 3 within 1 minute). lib/delivery reads them.
 */
export const wechatWindows = sqliteTable('wechat_windows', {
  openid: text('openid').primaryKey(),
  messageUntil: ms('message_until').notNull(),
  messageLeft: integer('message_left').notNull(),
  eventUntil: ms('event_until').notNull(),
  eventLeft: integer('event_left').notNull(),
});

/** Keyword codes: what a user sends to the account instead of scanning a scene's QR. Single use. */
export const keywordCodes = sqliteTable(
  'keyword_codes',
  {
    code: text('code').primaryKey(),
    sceneId: text('scene_id').notNull().unique(),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
    usedAt: ms('used_at'),
  },
  (t) => [index('keyword_codes_expires_idx').on(t.expiresAt)],
);
