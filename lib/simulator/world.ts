import { createHash, randomBytes } from 'node:crypto';
import type { Delivery } from './deliver';
import type { SimAccountType, SimFaultsView, SimQrView, SimRules, SimUserView, TimelineEntry } from './types';

const MAX_USERS = 1000;
/** The simulator's IP allowlist by default: this machine (the app calls its own simulator). */
export const LOOPBACK_IPS = ['127.0.0.1', '::1'] as const;
const MAX_QRS = 2000;
const MAX_TIMELINE = 300;
const MAX_DELIVERIES = 1000;
/** Expired QRs are remembered this long, so a late scan is answered "expired" rather than "unknown". */
const EXPIRED_QR_MEMORY_MS = 24 * 3600_000;

/** A customer-service allowance opened by one of the user's actions: `remaining` messages until `until`. */
export interface ServiceGrant {
  until: number;
  remaining: number;
}

export interface SimUser extends SimUserView {
  timeline: TimelineEntry[];
  /**
   * Customer-service allowances (客服消息下发规则): a message gives 5 within 48 h; a menu click, follow or
   * scan gives 3 within 1 minute. https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Customer_Service_Messages.html
   */
  grants: { message: ServiceGrant | null; event: ServiceGrant | null };
  /** The scene the user followed through, for user/info's qr_scene_str. */
  qrSceneStr: string;
  subscribeScene: string;
}

export interface SimQr extends SimQrView {
  sceneKind: 'str' | 'id';
}

export interface Failure {
  remaining: number;
  errcode?: number;
  errmsg?: string;
  httpStatus?: number;
  /** Only calls whose path (after /sim) starts with this, e.g. `/cgi-bin/qrcode/create`. */
  path?: string;
}

export interface ApiCall {
  at: number;
  method: string;
  path: string;
  /** 0 on success; WeChat's errcode otherwise; -1 for an injected HTTP failure. */
  errcode: number;
  httpStatus: number;
}

/** A timeline entry before the world numbers and stamps it. */
export type NewEntry = TimelineEntry extends infer E ? (E extends TimelineEntry ? Omit<E, 'id' | 'at'> : never) : never;

type TokenState = { expiresAt: number; revoked?: 'invalid' | 'expired' };

/** WeChat's documented default daily quota of qrcode/create (a test account has 10,000). */
export const QR_DAILY_LIMIT_DEFAULT = 100_000;
/** Permanent QRs an account may have in all (WeChat: 100,000; qrcode/create answers 45029 past it). */
export const PERMANENT_QR_LIMIT = 100_000;
/** The account may reset its counters ten times a month (then 48006). */
export const CLEAR_QUOTA_PER_MONTH = 10;
/** The daily quotas the simulator reports through openapi/quota/get (WeChat's defaults for a service account). */
const DAILY_LIMITS: Record<string, number> = {
  '/cgi-bin/token': 2000,
  '/cgi-bin/stable_token': 10_000,
  '/cgi-bin/message/custom/send': 500_000,
  '/cgi-bin/message/template/send': 100_000,
  '/cgi-bin/user/info': 500_000,
};

export function defaultRules(): SimRules {
  return {
    qrQuota: true,
    serviceWindow: true,
    templateRules: true,
    accountType: true,
    ipAllowlist: true,
    userInfoPrivacy: true,
  };
}

export interface WorldSettings {
  accountType: SimAccountType;
  qrDailyLimit: number;
  allowedIps: string[];
}

/** Everything the simulated WeChat remembers; `persist.ts` keeps it in a file across restarts when asked. */
export class SimWorld {
  readonly users = new Map<string, SimUser>();
  readonly qrs = new Map<string, SimQr>(); // by url
  readonly tokens = new Map<string, TokenState>();
  currentToken: string | null = null;
  readonly deliveries: Delivery[] = [];
  readonly apiCalls: ApiCall[] = [];
  faults: { latencyMs: number; failures: Failure[] } = { latencyMs: 0, failures: [] };
  rules: SimRules = defaultRules();
  settings: WorldSettings;
  /** How many permanent QRs the account may make (lowered by tests to reach 45029). */
  permanentQrLimit = PERMANENT_QR_LIMIT;
  /** API calls per Beijing day and path, as WeChat counts them for openapi/quota/get. */
  private readonly usage = new Map<string, number>();
  private clears = { month: '', count: 0 };
  private nextEntryId = 1;
  private nextDeliveryId = 1;
  private readonly listeners = {
    change: new Set<() => void>(),
    entry: new Set<(openid: string, entry: TimelineEntry) => void>(),
  };

  constructor(
    private readonly appId: string,
    readonly now: () => number,
    readonly initialSettings: WorldSettings = {
      accountType: 'service',
      qrDailyLimit: QR_DAILY_LIMIT_DEFAULT,
      allowedIps: [...LOOPBACK_IPS],
    },
  ) {
    this.settings = { ...initialSettings, allowedIps: [...initialSettings.allowedIps] };
  }

  on(event: 'change', fn: () => void): () => void;
  on(event: 'entry', fn: (openid: string, entry: TimelineEntry) => void): () => void;
  on(event: 'change' | 'entry', fn: (...args: never[]) => void): () => void {
    const set = this.listeners[event] as Set<typeof fn>;
    set.add(fn);
    return () => set.delete(fn);
  }

  changed(): void {
    for (const fn of this.listeners.change) fn();
  }

  // ---- users

  /** Finds a user by openid or nickname; creates one (not following) for an unknown name. */
  userFor(nameOrOpenid: string, opts: { create?: boolean } = {}): SimUser | undefined {
    const byId = this.users.get(nameOrOpenid);
    if (byId) return byId;
    for (const user of this.users.values()) if (user.nickname === nameOrOpenid) return user;
    if (opts.create === false) return undefined;
    return this.createUser(nameOrOpenid);
  }

  createUser(nickname: string): SimUser {
    const name = nickname.trim().slice(0, 32) || `user${this.users.size + 1}`;
    const existing = this.userFor(name, { create: false });
    if (existing) return existing;
    if (this.users.size >= MAX_USERS) {
      const oldest = this.users.keys().next().value;
      if (oldest !== undefined) this.users.delete(oldest);
    }
    // Stable per (account, name): the same test user keeps the same openid across runs.
    const openid = `o${digest(`openid:${this.appId}:${name}`).slice(0, 27)}`;
    const user: SimUser = {
      openid,
      unionid: `o${digest(`unionid:${name}`).slice(0, 27)}`,
      nickname: name,
      following: false,
      followedAt: null,
      lastInteractionAt: null,
      createdAt: this.now(),
      timeline: [],
      grants: { message: null, event: null },
      qrSceneStr: '',
      subscribeScene: '',
    };
    this.users.set(openid, user);
    this.changed();
    return user;
  }

  addEntry(user: SimUser, entry: NewEntry): TimelineEntry {
    const full = { at: this.now(), ...entry, id: this.nextEntryId++ } as TimelineEntry;
    user.timeline.push(full);
    if (user.timeline.length > MAX_TIMELINE) user.timeline.splice(0, user.timeline.length - MAX_TIMELINE);
    for (const fn of this.listeners.entry) fn(user.openid, full);
    return full;
  }

  // ---- QR codes

  addQr(qr: SimQr): void {
    this.sweepQrs();
    // Memory is bounded by forgetting the oldest temporary QR; permanent ones never go (WeChat keeps them).
    if (this.qrs.size >= MAX_QRS) {
      for (const [url, old] of this.qrs) {
        if (old.permanent) continue;
        this.qrs.delete(url);
        break;
      }
    }
    this.qrs.set(qr.url, qr);
    this.changed();
  }

  /** The permanent QR made before for this scene, if any. */
  findPermanentQr(kind: SimQr['sceneKind'], scene: string): SimQr | undefined {
    for (const qr of this.qrs.values()) if (qr.permanent && qr.sceneKind === kind && qr.scene === scene) return qr;
    return undefined;
  }

  permanentQrCount(): number {
    let count = 0;
    for (const qr of this.qrs.values()) if (qr.permanent) count++;
    return count;
  }

  findQr(content: string): SimQr | undefined {
    const text = content.trim();
    const byUrl = this.qrs.get(text);
    if (byUrl) return byUrl;
    for (const qr of this.qrs.values()) if (qr.ticket === text) return qr;
    return undefined;
  }

  isExpired(qr: SimQr): boolean {
    return qr.expiresAt !== null && qr.expiresAt <= this.now();
  }

  liveQrs(): SimQr[] {
    return [...this.qrs.values()].filter((qr) => !this.isExpired(qr)).sort((a, b) => b.createdAt - a.createdAt);
  }

  private sweepQrs(): void {
    const cutoff = this.now() - EXPIRED_QR_MEMORY_MS;
    for (const [url, qr] of this.qrs) if (qr.expiresAt !== null && qr.expiresAt < cutoff) this.qrs.delete(url);
  }

  // ---- access tokens

  issueToken(ttlSeconds: number): string {
    const token = randomBytes(96).toString('base64url');
    this.tokens.set(token, { expiresAt: this.now() + ttlSeconds * 1000 });
    this.currentToken = token;
    // Old tokens pile up only as fast as someone asks for new ones; keep the last 50.
    if (this.tokens.size > 50) {
      const oldest = this.tokens.keys().next().value;
      if (oldest !== undefined) this.tokens.delete(oldest);
    }
    return token;
  }

  /** 0 when the token is good, else WeChat's errcode (40001 unknown/replaced, 42001 expired). */
  checkToken(token: string): 0 | 40001 | 42001 {
    const state = this.tokens.get(token);
    if (!state || state.revoked === 'invalid') return 40001;
    if (state.revoked === 'expired' || state.expiresAt <= this.now()) return 42001;
    return 0;
  }

  revokeToken(token: string | null, how: 'invalid' | 'expired'): boolean {
    const state = token ? this.tokens.get(token) : undefined;
    if (!state) return false;
    state.revoked = how;
    return true;
  }

  // ---- deliveries and calls

  nextDeliveryNumber(): number {
    return this.nextDeliveryId++;
  }

  recordDelivery(delivery: Delivery): void {
    this.deliveries.push(delivery);
    if (this.deliveries.length > MAX_DELIVERIES) this.deliveries.splice(0, this.deliveries.length - MAX_DELIVERIES);
  }

  recordCall(call: ApiCall): void {
    this.apiCalls.push(call);
    if (this.apiCalls.length > MAX_DELIVERIES) this.apiCalls.splice(0, this.apiCalls.length - MAX_DELIVERIES);
  }

  /** The next timeline entry id; with an argument, sets it (restoring a saved world). */
  entryCounter(next?: number): number {
    if (next !== undefined && Number.isInteger(next) && next > this.nextEntryId) this.nextEntryId = next;
    return this.nextEntryId;
  }

  faultsView(): SimFaultsView {
    return {
      latencyMs: this.faults.latencyMs,
      failures: this.faults.failures.filter((f) => f.remaining > 0).map((f) => ({ ...f })),
      rules: { ...this.rules },
      accountType: this.settings.accountType,
      qrDailyLimit: this.settings.qrDailyLimit,
      qrUsedToday: this.used('/cgi-bin/qrcode/create'),
      allowedIps: [...this.settings.allowedIps],
    };
  }

  /** Faults off, every rule back on, the settings the simulator started with. Usage counters stay (WeChat's). */
  resetFaults(): void {
    this.faults = { latencyMs: 0, failures: [] };
    this.rules = defaultRules();
    this.settings = { ...this.initialSettings, allowedIps: [...this.initialSettings.allowedIps] };
  }

  // ---- quotas (WeChat resets its daily counters at midnight Beijing time, UTC+8)

  private day(): string {
    return new Date(this.now() + 8 * 3600_000).toISOString().slice(0, 10);
  }

  countCall(path: string): void {
    const key = `${this.day()}|${path}`;
    this.usage.set(key, (this.usage.get(key) ?? 0) + 1);
    if (this.usage.size > 200) {
      const today = this.day();
      for (const k of this.usage.keys()) if (!k.startsWith(today)) this.usage.delete(k);
    }
  }

  used(path: string): number {
    return this.usage.get(`${this.day()}|${path}`) ?? 0;
  }

  /** The daily limit of an API, or undefined for one WeChat would not know (76021). */
  dailyLimit(path: string): number | undefined {
    if (path === '/cgi-bin/qrcode/create') return this.settings.qrDailyLimit;
    return DAILY_LIMITS[path];
  }

  /** clear_quota: false once this month's ten resets are spent. */
  clearUsage(): boolean {
    const month = this.day().slice(0, 7);
    if (this.clears.month !== month) this.clears = { month, count: 0 };
    if (this.clears.count >= CLEAR_QUOTA_PER_MONTH) return false;
    this.clears.count++;
    const today = this.day();
    for (const k of [...this.usage.keys()]) if (k.startsWith(today)) this.usage.delete(k);
    this.changed();
    return true;
  }

  isAllowedIp(ip: string): boolean {
    const plain = ip.startsWith('::ffff:') ? ip.slice('::ffff:'.length) : ip;
    return this.settings.allowedIps.includes(plain) || this.settings.allowedIps.includes(ip);
  }
}

export function userView(user: SimUser): SimUserView {
  const { openid, unionid, nickname, following, followedAt, lastInteractionAt, createdAt } = user;
  return { openid, unionid, nickname, following, followedAt, lastInteractionAt, createdAt };
}

export function qrView(qr: SimQr): SimQrView {
  const { ticket, url, scene, permanent, createdAt, expiresAt, scans } = qr;
  return { ticket, url, scene, permanent, createdAt, expiresAt, scans };
}

function digest(text: string): string {
  return createHash('sha256')
    .update(text)
    .digest('base64url')
    .replace(/[^A-Za-z0-9]/g, '_');
}
