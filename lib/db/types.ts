import type { EventsRepo } from './event-types';
import type { ApiKeysRepo, HostBindingsRepo, WebhooksRepo } from './host-types';

export type * from './event-types';
export type * from './host-types';

/**
 * The data-access interface the domain talks to: one small async repository per aggregate,
 * implemented once per dialect (lib/db/sqlite.ts, lib/db/postgres.ts). Domain code never touches
 * drizzle. Uniqueness lives in the database; repositories report it as values, not exceptions.
 */

import type { Scene, ScenePurpose, SceneStatus } from '../scene/status';

export type { Scene, ScenePurpose, SceneStatus };

export interface User {
  id: number;
  /** null for a WeChat-only account (SIGNUP_WECHAT_ONLY=1) until an e-mail is added in settings. */
  email: string | null;
  createdAt: number;
  passwordChangedAt: number;
}
export interface UserRecord extends User {
  passwordHash: string | null;
}

export interface Session {
  tokenHash: string;
  userId: number;
  createdAt: number;
  expiresAt: number;
  userAgent: string | null;
  ip: string | null;
}

export interface Binding {
  userId: number;
  openid: string;
  boundAt: number;
  subscribed: boolean;
  subscribedChangedAt: number | null;
}

export interface VerificationCode {
  id: number;
  userId: number;
  codeHash: string;
  attempts: number;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface AuditEntry {
  id: number;
  at: number;
  action: string;
  userId: number | null;
  openid: string | null;
  detail: Record<string, unknown> | null;
}

export interface UsersRepo {
  /** null when the (normalised) email is taken. */
  create(input: { email: string | null; passwordHash: string | null; now: number }): Promise<User | null>;
  /** Gives a WeChat-only account its e-mail and password, once: false when it has an e-mail already or it is taken. */
  addCredentials(
    id: number,
    email: string,
    passwordHash: string,
    now: number,
  ): Promise<'ok' | 'has_email' | 'email_taken'>;
  findByEmail(email: string): Promise<UserRecord | null>;
  findById(id: number): Promise<User | null>;
  setPassword(id: number, passwordHash: string, now: number): Promise<void>;
}

export interface SessionsRepo {
  create(session: Session): Promise<void>;
  find(tokenHash: string): Promise<Session | null>;
  delete(tokenHash: string): Promise<void>;
  /** Ends every session of a user but the one named; returns how many ended. */
  deleteForUser(userId: number, exceptTokenHash?: string): Promise<number>;
}

export interface BindingsRepo {
  findByUser(userId: number): Promise<Binding | null>;
  findByOpenid(openid: string): Promise<Binding | null>;
  /** 'openid_taken' / 'user_taken' when a unique constraint refuses the row. */
  insert(binding: Binding): Promise<'ok' | 'openid_taken' | 'user_taken'>;
  delete(userId: number): Promise<Binding | null>;
  setSubscribed(openid: string, subscribed: boolean, now: number): Promise<Binding | null>;
}

export interface ScenesRepo {
  insert(scene: Scene): Promise<void>;
  get(id: string): Promise<Scene | null>;
  /** The newest still-pending scene of a user for a purpose that lives past `validUntil`. */
  findReusable(userId: number, purpose: ScenePurpose, validUntil: number): Promise<Scene | null>;
  /** The newest pending login scene of a browser (by its key's hash) still valid at `validUntil`. */
  findReusableLogin(browserKeyHash: string, validUntil: number): Promise<Scene | null>;
  /** Compare-and-set: applies `patch` only while the status is one of `fromStatuses`. */
  transition(
    id: string,
    fromStatuses: readonly SceneStatus[],
    patch: Partial<Pick<Scene, 'status' | 'openid' | 'userId' | 'detail'>> & { updatedAt: number },
  ): Promise<Scene | null>;
}

export interface CodesRepo {
  insert(code: Omit<VerificationCode, 'id'>): Promise<VerificationCode>;
  /** The newest unused, unexpired code of a user. */
  findActive(userId: number, now: number): Promise<VerificationCode | null>;
  /** Counts a wrong try atomically and returns the new count. */
  addAttempt(id: number): Promise<number>;
  /** Marks the code used once: false when it already was. */
  markUsed(id: number, now: number): Promise<boolean>;
  /** Kills every unused code of a user (a new one replaces them). */
  retireForUser(userId: number, now: number): Promise<void>;
}

export interface LinkNoncesRepo {
  isUsed(nonce: string): Promise<boolean>;
  /** Records a nonce as used; false when it was used before. */
  use(input: { nonce: string; openid: string; now: number; expiresAt: number }): Promise<boolean>;
}

/** A customer-service window kind: opened by a user's message, or by a follow / scan / menu click. */
export type ServiceWindowKind = 'message' | 'event';

export interface WindowsRepo {
  /** A push from `openid` (re)opened its window of `kind`: `count` messages until `until`. */
  open(openid: string, kind: ServiceWindowKind, until: number, count: number): Promise<void>;
  /** Takes one message from an open window (the short event window first); null when none is open. */
  take(openid: string, now: number): Promise<ServiceWindowKind | null>;
  /** WeChat said the window is closed (45015 / 45047): forget what we thought was left. */
  close(openid: string): Promise<void>;
}

export interface KeywordCodesRepo {
  /** Stores a scene's code; false when the code is taken (draw another). */
  insert(row: { code: string; sceneId: string; createdAt: number; expiresAt: number }): Promise<boolean>;
  /** The code of a scene (to hand a reused QR's code out again). */
  forScene(sceneId: string): Promise<string | null>;
  /** Uses a live code once: the scene id, or null when unknown, expired or used. */
  use(code: string, now: number): Promise<string | null>;
}

export interface PrivacyRepo {
  /** Deletes what is held on an openid besides its binding: windows, link nonces, the openid on scenes. */
  forgetOpenid(openid: string): Promise<void>;
}

export interface RateLimitsRepo {
  /** Counts one hit in a fixed window; `allowed` is false past `limit`. */
  hit(key: string, limit: number, windowMs: number, now: number): Promise<{ allowed: boolean; retryAfterMs: number }>;
}

export interface AuditRepo {
  add(entry: Omit<AuditEntry, 'id'>): Promise<void>;
  list(filter: { userId?: number; openid?: string; action?: string }): Promise<AuditEntry[]>;
}

/** The webhook's replay cache (plaintext mode signs only the query). */
export interface ReplayRepo {
  remember(key: string, bodyHash: string, ttlSeconds: number): Promise<'new' | 'same' | 'conflict'>;
}

/** The webhook's dedup memory: one row per message or event, with a crash-safe lease. */
export interface DedupRepo {
  claim(
    key: string,
    leaseMs: number,
    ttlSeconds: number,
  ): Promise<{ state: 'claimed' } | { state: 'done'; reply: string } | { state: 'busy' }>;
  complete(key: string, reply: string): Promise<void>;
  release(key: string): Promise<void>;
}

/** The access-token cache shared by every process. */
export interface AccessTokenRepo {
  get(): Promise<{ token: string; expiresAt: number } | null>;
  set(value: { token: string; expiresAt: number }): Promise<void>;
  clearIf(token: string): Promise<boolean>;
}

/**
 * PostgreSQL only: one WeChat scan push in one database round trip (drizzle/pg/0009_scan_in_one_call.sql,
 * lib/db/scan-call.ts) — the replay record, the dedup claim, the scan's window, the scene read under its
 * row lock and, for WeBind's own bind and login scenes, the handler's decision and writes.
 */
export interface ScanCallRepo {
  scan(input: ScanCallInput): Promise<ScanCallResult>;
  /** A verify scan's decision after `scan` (drizzle/pg/0010_verify_in_one_call.sql). */
  verify(input: VerifyCallInput): Promise<VerifyCallResult>;
}

export interface VerifyCallInput {
  now: number;
  openid: string;
  sceneId: string;
  moves: readonly string[];
  /** The openid's account as `scan` read it (null: not bound), and its masked e-mail. */
  owner: { id: number; account: string } | null;
  /** Count the rate limits (the scene was pending and unexpired when read). */
  checkLimits: boolean;
  /** Hits per hour-long window: the openid's, then the account's. */
  limits: { openidKey: string; openidMax: number; userKey: string; userMax: number; windowEndsAt: number };
  /** The new code (its hash) and when it expires. */
  code: { hash: string; expiresAt: number };
  lockTimeoutMs: number | null;
}

export interface VerifyCallResult {
  kind: 'used' | 'repeat' | 'expired' | 'not_bound' | 'limited' | 'issued';
  scene?: Scene;
  moved?: Scene;
}

export interface ScanCallInput {
  now: number;
  openid: string;
  sceneId: string;
  /** Every allowed move as 'purpose:from>to' (lib/scene/transitions.ts). */
  moves: readonly string[];
  /** The customer-service event window the scan opens, or null. */
  window: { until: number; count: number } | null;
  /** LOGIN_CONFIRM=none: a bound WeChat's login scan is login_ready at once. */
  loginReadyIfBound: boolean;
  /** maskEmail(null): how a bind names an account without an e-mail. */
  noEmailAccount: string;
  /** The binding.created outbox row should the scan bind; its payload has `"userId":0,` for the scene's user. */
  event: { id: string; payload: string };
  /** The signed query to remember (ReplayStore.remember), or null. */
  replay: { key: string; bodyHash: string; ttlSeconds: number } | null;
  /** The dedup key to claim (DedupStore.claim), or null. */
  dedup: { key: string; leaseMs: number; ttlSeconds: number } | null;
  /** Give up (and roll back) rather than wait on a lock longer than this; null: no limit. */
  lockTimeoutMs: number | null;
}

export type ScanCallKind =
  | 'missing'
  | 'undecided'
  | 'repeat'
  | 'used'
  | 'expired'
  | 'moved'
  | 'orphan'
  | 'bound'
  | 'same'
  | 'refused';

export interface ScanCallResult {
  /** Absent without `replay`; on 'conflict' nothing else ran. */
  replay?: 'new' | 'same' | 'conflict';
  /** 'claimed' when the rest ran ('done' carries the stored reply). */
  dedup?: 'claimed' | 'done' | 'busy';
  reply?: string;
  kind?: ScanCallKind;
  /** The scene as read (absent when missing). */
  scene?: Scene;
  /** The scene after the move made (expired, moved, bound, same, refused). */
  moved?: Scene;
  userId?: number;
  account?: string;
  reason?: 'openid_taken' | 'user_taken';
  /** Outgoing-webhook deliveries the bind queued. */
  deliveries?: number;
  /** An undecided verify scene: the scanning openid's account (null: not bound). */
  owner?: { id: number; email: string | null } | null;
}

export interface Repos {
  users: UsersRepo;
  sessions: SessionsRepo;
  bindings: BindingsRepo;
  scenes: ScenesRepo;
  codes: CodesRepo;
  linkNonces: LinkNoncesRepo;
  rateLimits: RateLimitsRepo;
  audit: AuditRepo;
  replay: ReplayRepo;
  dedup: DedupRepo;
  windows: WindowsRepo;
  keywordCodes: KeywordCodesRepo;
  privacy: PrivacyRepo;
  accessToken(appId: string): AccessTokenRepo;
  apiKeys: ApiKeysRepo;
  hostBindings: HostBindingsRepo;
  webhooks: WebhooksRepo;
  events: EventsRepo;
  /** PostgreSQL only (outside transactions): a scan push in one round trip. */
  scanCall?: ScanCallRepo;
  /**
   * Runs `fn` atomically. `fn` may only use the repositories it is given and must do no other I/O
   * (no WeChat call inside a transaction).
   */
  transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T>;
}

/** One stored oidc-provider model instance (lib/oidc/adapter.ts maps the library's adapter onto it). */
export interface OidcModelRow {
  payload: Record<string, unknown>;
  expiresAt: number | null;
  consumedAt: number | null;
}

/** A signing key of the OpenID Provider: a private JWK, never sent anywhere but to oidc-provider. */
export interface OidcKey {
  kid: string;
  jwk: Record<string, unknown>;
  createdAt: number;
  retiredAt: number | null;
}

/** Storage for the OpenID Provider (lib/oidc): its models and its signing keys. */
export interface OidcRepo {
  upsert(
    model: string,
    id: string,
    payload: Record<string, unknown>,
    index: { grantId?: string; uid?: string; userCode?: string; expiresAt: number | null },
  ): Promise<void>;
  find(model: string, id: string): Promise<OidcModelRow | null>;
  findByUid(model: string, uid: string): Promise<OidcModelRow | null>;
  findByUserCode(model: string, userCode: string): Promise<OidcModelRow | null>;
  consume(model: string, id: string, now: number): Promise<void>;
  destroy(model: string, id: string): Promise<void>;
  /** Removes every model (tokens, codes, the grant itself) of a grant. */
  revokeByGrantId(grantId: string): Promise<void>;
  /** Deletes expired models and keys retired before `retiredBefore`; returns rows removed. */
  cleanup(now: number, retiredBefore: number): Promise<number>;
  listKeys(): Promise<OidcKey[]>;
  insertKey(key: OidcKey): Promise<void>;
  /** Retires every key but `keepKid`; returns how many were retired. */
  retireKeysExcept(keepKid: string, now: number): Promise<number>;
}

export interface Database {
  dialect: 'sqlite' | 'postgres';
  /** The OpenID Provider's storage (its own small repository, outside `repos`: no transactions needed). */
  oidc: OidcRepo;
  /** PostgreSQL only: the pool, for Socket.IO's Postgres adapter (its NOTIFYs batched: lib/db/pg-batch.ts). */
  pgPool?: import('pg').Pool;
  repos: Repos;
  /** Admin console, metrics and health (lib/db/ops.ts). */
  ops: import('./ops').OpsRepo;
  /** Deletes expired scenes, sessions, nonces, dedup and replay rows; returns rows removed. */
  cleanup(now: number): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Running totals since the database opened, for the benchmark's "per event" figures. */
  stats(): DbStats;
}

export interface DbStats {
  /** Durable commits: SQLite WAL commits; PostgreSQL COMMITs plus writes run outside a transaction. */
  commits: number;
  /** Statements executed (BEGIN/COMMIT/SAVEPOINT included). */
  statements: number;
  /** Requests that waited for an answer from the database server (0 for embedded SQLite). */
  roundTrips: number;
  /**
   * PostgreSQL: statements Socket.IO's LISTEN/NOTIFY adapter sent for broadcasts (lib/db/pg-batch.ts
   * batches a loop turn's into one); not in `roundTrips`. 0 on SQLite.
   */
  notifyRoundTrips: number;
}
