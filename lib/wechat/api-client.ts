import type { AccessTokenSource } from './access-token';
import { WeChatApiError, WeChatValidationError } from './errors';
import { type ApiCallObserver, observedRequest, trimBaseUrl, type FetchLike } from './http';

export { WeChatApiError } from './errors';

/** errcodes meaning "this access token is no longer good": invalidate it and retry once. */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 42001, 40014]);

export const QR_EXPIRE_MIN_SECONDS = 60;
export const QR_EXPIRE_MAX_SECONDS = 2_592_000;

export interface WeChatClientOptions {
  /** Used by `clearQuota` (the token provider holds the credentials for everything else). */
  appId?: string;
  appSecret?: string;
  /** `https://api.weixin.qq.com`, or the simulator's mount. */
  baseUrl: string;
  tokens: AccessTokenSource;
  /** Per request, default 5000. */
  timeoutMs?: number;
  fetch?: FetchLike;
  /**
   * Base of `qrImageUrl`. Defaults to `baseUrl`; real WeChat serves `showqrcode` at
   * `https://mp.weixin.qq.com`, so set it in production if you use QR images rather than `url`.
   */
  qrImageBaseUrl?: string;
  /** Told about every call (path, errcode, duration), e.g. for metrics. */
  onCall?: ApiCallObserver;
}

export type QrScene = { sceneStr: string } | { sceneId: number };

export interface TempQr {
  ticket: string;
  expireSeconds: number;
  /** The content to encode in the QR (render it locally). */
  url: string;
}

export interface TemplateMessage {
  toUser: string;
  templateId: string;
  url?: string;
  data: Record<string, { value: string; color?: string }>;
}

/**
 * `POST /cgi-bin/openapi/quota/get` (查询openAPI调用quota): today's quota of one API, counted by WeChat
 * for the whole account. https://developers.weixin.qq.com/doc/channels/api/basic/api_getapiquota.html
 */
export interface ApiQuota {
  dailyLimit: number;
  used: number;
  remain: number;
}

export interface PrivateTemplate {
  templateId: string;
  title: string;
  /** e.g. `{{first.DATA}}\n验证码：{{keyword1.DATA}}\n{{remark.DATA}}` */
  content: string;
}

export interface MenuButton {
  name: string;
  type: string;
  key?: string;
  url?: string;
}

/** The fields a template's content fills, e.g. `['first', 'keyword1', 'remark']`. */
export function templateFields(content: string): string[] {
  return [...content.matchAll(/\{\{\s*(\w+)\.DATA\s*\}\}/g)].map((m) => m[1]);
}

/** `/cgi-bin/user/info`; `subscribe` is 0 when the user does not follow (then most fields are absent). */
export interface WeChatUserInfo {
  subscribe: number;
  openid: string;
  unionid?: string;
  language?: string;
  subscribe_time?: number;
  subscribe_scene?: string;
  qr_scene?: number;
  qr_scene_str?: string;
  remark?: string;
  tagid_list?: number[];
  [field: string]: unknown;
}

/** What the web-authorization exchange (`/sns/oauth2/access_token`) tells about the browser's user. */
export interface OAuthIdentity {
  openid: string;
  scope: string;
  /** A snapshot page's virtual account (快照页模式): its openid is not the user's. */
  isSnapshotUser: boolean;
}

/**
 * The few WeChat server APIs WeBind uses. Every call has a timeout; errcode ≠ 0 becomes
 * `WeChatApiError`; a refused access token is invalidated and the call retried exactly once.
 */
export class WeChatClient {
  private readonly baseUrl: string;
  private readonly qrImageBaseUrl: string;
  private readonly tokens: AccessTokenSource;
  private readonly timeoutMs: number;
  private readonly fetch: FetchLike;
  private readonly appId: string | undefined;
  private readonly appSecret: string | undefined;
  private readonly onCall: ApiCallObserver | undefined;

  constructor(opts: WeChatClientOptions) {
    this.appId = opts.appId;
    this.appSecret = opts.appSecret;
    this.onCall = opts.onCall;
    this.baseUrl = trimBaseUrl(opts.baseUrl);
    this.qrImageBaseUrl = trimBaseUrl(opts.qrImageBaseUrl ?? opts.baseUrl);
    this.tokens = opts.tokens;
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.fetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /**
   * Creates a temporary parametric QR (`QR_STR_SCENE` for `sceneStr`, `QR_SCENE` for `sceneId`).
   *
   * @example await client.createTempQr({ sceneStr: 'Zx9…' }, 300) // { ticket, expireSeconds: 300, url }
   */
  async createTempQr(scene: QrScene, expireSeconds: number): Promise<TempQr> {
    if (
      !Number.isInteger(expireSeconds) ||
      expireSeconds < QR_EXPIRE_MIN_SECONDS ||
      expireSeconds > QR_EXPIRE_MAX_SECONDS
    ) {
      throw new WeChatValidationError(
        `expireSeconds must be an integer from ${QR_EXPIRE_MIN_SECONDS} to ${QR_EXPIRE_MAX_SECONDS}`,
      );
    }
    let body: Record<string, unknown>;
    if ('sceneStr' in scene) {
      const { sceneStr } = scene;
      if (typeof sceneStr !== 'string' || sceneStr.length < 1 || sceneStr.length > 64) {
        throw new WeChatValidationError('sceneStr must be 1 to 64 characters');
      }
      body = {
        expire_seconds: expireSeconds,
        action_name: 'QR_STR_SCENE',
        action_info: { scene: { scene_str: sceneStr } },
      };
    } else {
      const { sceneId } = scene;
      if (!Number.isInteger(sceneId) || sceneId < 1 || sceneId > 4_294_967_295) {
        throw new WeChatValidationError('sceneId must be an integer from 1 to 4294967295');
      }
      body = { expire_seconds: expireSeconds, action_name: 'QR_SCENE', action_info: { scene: { scene_id: sceneId } } };
    }
    const { json } = await this.call('POST', '/cgi-bin/qrcode/create', {}, body);
    const { ticket, url } = json;
    if (typeof ticket !== 'string' || ticket === '' || typeof url !== 'string' || url === '') {
      throw new WeChatApiError(-1, '/cgi-bin/qrcode/create answered without ticket or url', 'invalid_response');
    }
    const expires = Number(json.expire_seconds);
    return { ticket, url, expireSeconds: Number.isFinite(expires) && expires > 0 ? expires : expireSeconds };
  }

  /**
   * Creates (or, for a scene made before, gets back) a permanent QR with a string scene
   * (`QR_LIMIT_STR_SCENE`). WeChat allows 100,000 permanent QRs per account in all (45029 past it), so
   * make one per purpose and keep it; each call still counts against qrcode/create's daily quota.
   * https://developers.weixin.qq.com/doc/service/api/qrcode/qrcodes/api_createqrcode.html
   *
   * @example await client.createPermanentQr('follow') // { ticket, url }
   */
  async createPermanentQr(sceneStr: string): Promise<{ ticket: string; url: string }> {
    if (typeof sceneStr !== 'string' || sceneStr.length < 1 || sceneStr.length > 64) {
      throw new WeChatValidationError('sceneStr must be 1 to 64 characters');
    }
    const { json } = await this.call(
      'POST',
      '/cgi-bin/qrcode/create',
      {},
      { action_name: 'QR_LIMIT_STR_SCENE', action_info: { scene: { scene_str: sceneStr } } },
    );
    const { ticket, url } = json;
    if (typeof ticket !== 'string' || ticket === '' || typeof url !== 'string' || url === '') {
      throw new WeChatApiError(-1, '/cgi-bin/qrcode/create answered without ticket or url', 'invalid_response');
    }
    return { ticket, url };
  }

  /** The image URL of a QR ticket (see `qrImageBaseUrl`). */
  qrImageUrl(ticket: string): string {
    return `${this.qrImageBaseUrl}/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`;
  }

  /** A customer-service text message (only within 48 h of the user's last interaction). */
  async sendCustomText(openid: string, content: string): Promise<void> {
    requireText('openid', openid);
    requireText('content', content);
    await this.call('POST', '/cgi-bin/message/custom/send', {}, { touser: openid, msgtype: 'text', text: { content } });
  }

  /** Sends a template message and returns WeChat's msgid (as a string: it is a 64-bit id). */
  async sendTemplate(message: TemplateMessage): Promise<string> {
    requireText('toUser', message.toUser);
    requireText('templateId', message.templateId);
    const body: Record<string, unknown> = {
      touser: message.toUser,
      template_id: message.templateId,
      data: message.data,
    };
    if (message.url !== undefined) body.url = message.url;
    const { json, text } = await this.call('POST', '/cgi-bin/message/template/send', {}, body);
    // Read the digits from the text: JSON.parse would round an id above 2^53.
    const digits = /"msgid"\s*:\s*"?(\d+)/.exec(text)?.[1];
    if (digits) return digits;
    if (json.msgid === undefined)
      throw new WeChatApiError(-1, '/cgi-bin/message/template/send answered without msgid', 'invalid_response');
    return String(json.msgid);
  }

  /**
   * Today's quota of one API (`cgiPath` as WeChat names it, e.g. `/cgi-bin/qrcode/create`). Unknown paths
   * are answered 76021.
   *
   * @example const { used, dailyLimit } = await client.getApiQuota('/cgi-bin/qrcode/create');
   */
  async getApiQuota(cgiPath: string): Promise<ApiQuota> {
    if (typeof cgiPath !== 'string' || !cgiPath.startsWith('/'))
      throw new WeChatValidationError('cgiPath must start with /');
    const { json } = await this.call('POST', '/cgi-bin/openapi/quota/get', {}, { cgi_path: cgiPath });
    const quota = json.quota as Record<string, unknown> | undefined;
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN);
    const dailyLimit = num(quota?.daily_limit);
    const used = num(quota?.used);
    const remain = num(quota?.remain);
    if ([dailyLimit, used, remain].some(Number.isNaN)) {
      throw new WeChatApiError(-1, '/cgi-bin/openapi/quota/get answered without quota', 'invalid_response');
    }
    return { dailyLimit, used, remain };
  }

  /**
   * Resets today's counters of every API of the account (`POST /cgi-bin/clear_quota`). WeChat allows ten
   * resets a month (then 48006). https://developers.weixin.qq.com/doc/service/openApi/clear_quota.html
   */
  async clearQuota(appId = this.appId): Promise<void> {
    requireText('appId', appId);
    await this.call('POST', '/cgi-bin/clear_quota', {}, { appid: appId });
  }

  /**
   * Exchanges a web-authorization `code` for the user's openid, server side only (换取用户授权凭证:
   * https://developers.weixin.qq.com/doc/service/api/webdev/access/api_snsaccesstoken — "接口应在服务器端调用").
   * Uses the app secret, not the access token. A code is good once for 5 minutes: 40029 invalid code
   * (unknown, expired, or another appid's), 40163 code been used.
   *
   * @example await client.exchangeOAuthCode(code) // { openid: 'o6_b…', scope: 'snsapi_base', isSnapshotUser: false }
   */
  async exchangeOAuthCode(code: string): Promise<OAuthIdentity> {
    requireText('code', code);
    requireText('appId', this.appId);
    requireText('appSecret', this.appSecret);
    const path = '/sns/oauth2/access_token';
    const search = new URLSearchParams({
      appid: this.appId as string,
      secret: this.appSecret as string,
      code,
      grant_type: 'authorization_code',
    });
    const { json } = await observedRequest(this.onCall, {
      fetch: this.fetch,
      url: `${this.baseUrl}${path}?${search.toString()}`,
      path,
      method: 'GET',
      timeoutMs: this.timeoutMs,
    });
    if (typeof json.openid !== 'string' || json.openid === '') {
      throw new WeChatApiError(-1, `${path} answered without openid`, 'invalid_response');
    }
    return {
      openid: json.openid,
      scope: typeof json.scope === 'string' ? json.scope : '',
      isSnapshotUser: Number(json.is_snapshotuser) === 1,
    };
  }

  /**
   * Basic profile and follow state of a user (`lang=zh_CN`). Since 2021-12-27 WeChat no longer returns
   * nickname or headimgurl here (获取用户基本信息; https://developers.weixin.qq.com/community/develop/doc/00028edbe3c58081e7cc834705b801):
   * never rely on them.
   */
  async getUserInfo(openid: string): Promise<WeChatUserInfo> {
    requireText('openid', openid);
    const { json } = await this.call('GET', '/cgi-bin/user/info', { openid, lang: 'zh_CN' });
    if (typeof json.openid !== 'string') {
      throw new WeChatApiError(-1, '/cgi-bin/user/info answered without openid', 'invalid_response');
    }
    return { ...json, subscribe: Number(json.subscribe ?? 0), openid: json.openid } as WeChatUserInfo;
  }

  /**
   * The templates added to the account (`template_id`, `title`, `content` with `{{key.DATA}}` fields).
   * https://developers.weixin.qq.com/doc/service/api/notify/template/api_getalltemplates.html
   */
  async getAllPrivateTemplates(): Promise<PrivateTemplate[]> {
    const { json } = await this.call('GET', '/cgi-bin/template/get_all_private_template', {});
    const list = Array.isArray(json.template_list) ? json.template_list : [];
    return list
      .filter((t): t is Record<string, unknown> => typeof t === 'object' && t !== null)
      .map((t) => ({
        templateId: String(t.template_id ?? ''),
        title: String(t.title ?? ''),
        content: String(t.content ?? ''),
      }));
  }

  /**
   * The menu the account shows now, whether set through the API or in WeChat's admin: every button
   * flattened (sub-buttons included) with its type and key or URL.
   * https://developers.weixin.qq.com/doc/service/api/custommenu/api_getcurrentselfmenuinfo.html
   */
  async getCurrentMenu(): Promise<{ open: boolean; buttons: MenuButton[] }> {
    const { json } = await this.call('GET', '/cgi-bin/get_current_selfmenu_info', {});
    const buttons: MenuButton[] = [];
    const walk = (items: unknown) => {
      if (!Array.isArray(items)) return;
      for (const b of items) {
        if (typeof b !== 'object' || b === null) continue;
        const item = b as Record<string, unknown>;
        buttons.push({
          name: String(item.name ?? ''),
          type: typeof item.type === 'string' ? item.type : '',
          key: typeof item.key === 'string' ? item.key : undefined,
          url: typeof item.url === 'string' ? item.url : undefined,
        });
        // This API nests sub-buttons as { list: [...] }; menu/get as a plain array.
        const sub = item.sub_button as { list?: unknown } | unknown[] | undefined;
        walk(Array.isArray(sub) ? sub : sub?.list);
      }
    };
    walk((json.selfmenu_info as { button?: unknown } | undefined)?.button);
    return { open: Number(json.is_menu_open) === 1, buttons };
  }

  private async call(
    method: 'GET' | 'POST',
    path: string,
    params: Record<string, string>,
    body?: unknown,
  ): Promise<{ json: Record<string, unknown>; text: string }> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.tokens.getToken();
      const search = new URLSearchParams({ access_token: token, ...params });
      try {
        return await observedRequest(this.onCall, {
          fetch: this.fetch,
          url: `${this.baseUrl}${path}?${search.toString()}`,
          path,
          method,
          body,
          timeoutMs: this.timeoutMs,
        });
      } catch (err) {
        if (attempt === 0 && err instanceof WeChatApiError && TOKEN_ERRCODES.has(err.errcode)) {
          await this.tokens.invalidate(token);
          continue;
        }
        throw err;
      }
    }
  }
}

function requireText(name: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') throw new WeChatValidationError(`${name} is required`);
}
