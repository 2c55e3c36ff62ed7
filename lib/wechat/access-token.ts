import { WeChatApiError } from './errors';
import { type ApiCallObserver, observedRequest, trimBaseUrl, type FetchLike } from './http';

export interface CachedAccessToken {
  token: string;
  /** ms since the epoch */
  expiresAt: number;
}

/** Where the access token is cached; shared by every process (it lives in the database). */
export interface AccessTokenStore {
  get(): Promise<CachedAccessToken | null>;
  set(value: CachedAccessToken): Promise<void>;
  /** Compare-and-clear: true only if the cached token was this one (and is now cleared). */
  clearIf(token: string): Promise<boolean>;
}

/** What the API client needs from a token provider. */
export interface AccessTokenSource {
  getToken(): Promise<string>;
  /** WeChat refused this token (40001/42001/40014). */
  invalidate(failedToken: string): Promise<void>;
}

export interface AccessTokenProviderOptions {
  appId: string;
  appSecret: string;
  baseUrl: string;
  store: AccessTokenStore;
  fetch?: FetchLike;
  /** Current time in ms since the epoch. */
  now?: () => number;
  /** Refresh this long before expiry. Default 300; keep it well under the token's lifetime (7200 s). */
  refreshMarginSeconds?: number;
  timeoutMs?: number;
  /** Told about every call to WeChat (metrics). */
  onCall?: ApiCallObserver;
  /** Told after every refresh attempt: the new token's expiry, or the error (for the health page). */
  onRefresh?: (result: { ok: true; expiresAt: number } | { ok: false; error: unknown }) => void;
}

/**
 * Caches the access token in a shared store and refreshes it through `/cgi-bin/stable_token`,
 * at most once at a time per process however many callers are waiting.
 */
export class AccessTokenProvider implements AccessTokenSource {
  private readonly opts: AccessTokenProviderOptions;
  private readonly fetch: FetchLike;
  private readonly now: () => number;
  private readonly marginMs: number;
  private memo: CachedAccessToken | null = null;
  private inflight: Promise<string> | null = null;
  // The token WeChat last refused: never hand it out again, even if a store or a normal refresh returns it.
  private refusedToken: string | null = null;

  constructor(opts: AccessTokenProviderOptions) {
    this.opts = { ...opts, baseUrl: trimBaseUrl(opts.baseUrl) };
    this.fetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.now = opts.now ?? Date.now;
    this.marginMs = (opts.refreshMarginSeconds ?? 300) * 1000;
  }

  /** A token valid for at least the refresh margin: from memory, the store, or one shared refresh. */
  async getToken(): Promise<string> {
    if (this.memo && this.isFresh(this.memo)) return this.memo.token;
    if (this.inflight) return this.inflight;
    return this.fly(async () => {
      const cached = await this.opts.store.get();
      if (cached && this.isFresh(cached)) {
        this.memo = cached;
        return cached.token;
      }
      return this.refresh(false);
    });
  }

  /**
   * Called when WeChat refused `failedToken`. Only the process whose compare-and-clear succeeds
   * force-refreshes, so instances never invalidate each other's fresh token; the others pick up
   * whatever is cached on their next `getToken()`.
   */
  async invalidate(failedToken: string): Promise<void> {
    this.refusedToken = failedToken;
    if (this.memo?.token === failedToken) this.memo = null;
    if (this.inflight) await this.inflight.catch(() => undefined);
    if (this.memo && this.isFresh(this.memo)) return; // a concurrent refresh already replaced it
    if (!(await this.opts.store.clearIf(failedToken))) return;
    if (this.inflight) await this.inflight.catch(() => undefined);
    if (this.memo && this.isFresh(this.memo)) return;
    await this.fly(() => this.refresh(true));
  }

  private isFresh(value: CachedAccessToken): boolean {
    return (
      typeof value.token === 'string' &&
      value.token !== '' &&
      value.token !== this.refusedToken &&
      value.expiresAt - this.marginMs > this.now()
    );
  }

  private fly(task: () => Promise<string>): Promise<string> {
    const flight = task().finally(() => {
      if (this.inflight === flight) this.inflight = null;
    });
    this.inflight = flight;
    return flight;
  }

  private async refresh(forceRefresh: boolean): Promise<string> {
    try {
      const value = await this.fetchToken(forceRefresh);
      this.opts.onRefresh?.({ ok: true, expiresAt: value.expiresAt });
      return value.token;
    } catch (error) {
      this.opts.onRefresh?.({ ok: false, error });
      throw error;
    }
  }

  private async fetchToken(forceRefresh: boolean): Promise<CachedAccessToken> {
    const path = '/cgi-bin/stable_token';
    const { json } = await observedRequest(this.opts.onCall, {
      fetch: this.fetch,
      url: `${this.opts.baseUrl}${path}`,
      path,
      method: 'POST',
      body: {
        grant_type: 'client_credential',
        appid: this.opts.appId,
        secret: this.opts.appSecret,
        force_refresh: forceRefresh,
      },
      timeoutMs: this.opts.timeoutMs ?? 5000,
    });
    const token = json.access_token;
    const expiresIn = Number(json.expires_in);
    if (typeof token !== 'string' || token === '' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      throw new WeChatApiError(-1, `${path} answered without a token`, 'invalid_response');
    }
    const value = { token, expiresAt: this.now() + expiresIn * 1000 };
    await this.opts.store.set(value);
    this.memo = value;
    if (forceRefresh && token !== this.refusedToken) this.refusedToken = null;
    return value;
  }
}
