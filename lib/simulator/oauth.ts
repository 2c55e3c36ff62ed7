// Web authorization (网页授权, OAuth 2.0) as WeChat runs it, for the simulator's phone browser:
// - GET /sim/connect/oauth2/authorize: `snsapi_base` consent is silent, the user is sent straight back to
//   `redirect_uri?code=CODE&state=STATE`; the code is good once, for 5 minutes
//   (公众号网页授权 https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html:
//   "以snsapi_base为scope发起的网页授权……是静默授权并自动跳转到回调页的"; "code作为换取access_token的票据，
//   每次用户授权带上的code将不一样，code只能使用一次，5分钟未被使用自动过期").
// - GET /sim/sns/oauth2/access_token: the server-side exchange (换取用户授权凭证
//   https://developers.weixin.qq.com/doc/service/api/webdev/access/api_snsaccesstoken): openid, and
//   `is_snapshotuser: 1` only for a snapshot page's virtual account (快照页模式, 2022-07
//   https://developers.weixin.qq.com/community/develop/doc/000c2c34068880629ced91a2f56001); 40029 invalid code
//   (unknown, expired, or issued for another appid), 40163 code been used.
// - The page checks WeChat does before redirecting, each refusal WeChat's error page with its documented code
//   (AUTHORIZE_ERRORS below): the parameters, the scope, that redirect_uri lies under the account's 网页授权域名,
//   and that the account may use web authorization at all: only a verified service account (认证服务号) has it
//   (公众号接口权限说明 https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Explanation_of_interface_privileges.html:
//   "网页授权获取用户openid/用户基本信息" is granted to 微信认证服务号 only); a subscription account gets
//   "此公众号并没有这些scope的权限，错误码：10005" and no code.
// Who is browsing: the phone's in-app browser is opened through GET /sim/browser/open, which remembers the
// simulated user in a cookie of that browser (as the WeChat client knows its own user).
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from './http';
import type { SimAccountType } from './types';

export const OAUTH_CODE_TTL_MS = 5 * 60_000;
/** The simulated user of the phone browser (path /sim: only the simulated WeChat reads it). */
export const SIM_BROWSER_COOKIE = 'sim_wx_openid';
/** Tells the site (same origin in development) that this browser is WeChat's in-app browser. */
export const SIM_INAPP_COOKIE = 'sim_wechat_inapp';
const MAX_CODES = 5000;

interface OAuthCode {
  appid: string;
  openid: string;
  scope: string;
  expiresAt: number;
  used: boolean;
  snapshot: boolean;
}

export class SimOAuth {
  private readonly codes = new Map<string, OAuthCode>();
  /** Snapshot-page mode (快照页): codes issued while on belong to a virtual account. */
  snapshot = false;

  constructor(
    private readonly now: () => number,
    /** The account's 网页授权域名 (host[:port]); null: any host (a test account without one configured). */
    public oauthDomain: string | null,
  ) {}

  /** Issues a code as WeChat's authorize page would (also for another appid, to test the refusal). */
  issue(input: { appid: string; openid: string; scope?: string }): string {
    const t = this.now();
    if (this.codes.size >= MAX_CODES)
      for (const [code, c] of this.codes) if (c.used || c.expiresAt <= t) this.codes.delete(code);
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, {
      appid: input.appid,
      openid: input.openid,
      scope: input.scope ?? 'snsapi_base',
      expiresAt: t + OAUTH_CODE_TTL_MS,
      used: false,
      snapshot: this.snapshot,
    });
    return code;
  }

  /** Ends a code's 5 minutes now. */
  expire(code: string): boolean {
    const entry = this.codes.get(code);
    if (entry) entry.expiresAt = this.now() - 1;
    return Boolean(entry);
  }

  /** The exchange: WeChat's errcode, or the token answer. */
  exchange(appid: string, code: string): { errcode: number } | { json: Record<string, unknown> } {
    const entry = this.codes.get(code);
    if (!entry || entry.appid !== appid || entry.expiresAt <= this.now()) return { errcode: 40029 };
    if (entry.used) return { errcode: 40163 };
    entry.used = true;
    const openid = entry.snapshot
      ? `o${createHash('sha256').update(`snapshot:${entry.openid}`).digest('base64url').slice(0, 27)}`
      : entry.openid;
    return {
      json: {
        access_token: randomBytes(24).toString('base64url'),
        expires_in: 7200,
        refresh_token: randomBytes(24).toString('base64url'),
        openid,
        scope: entry.scope,
        ...(entry.snapshot ? { is_snapshotuser: 1 } : {}),
      },
    };
  }
}

function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

function page(res: ServerResponse, status: number, title: string, detail: string): void {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  send(
    res,
    status,
    `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(title)}</title>` +
      `<body style="font-family:-apple-system,'PingFang SC',sans-serif;text-align:center;padding:3em 1em">` +
      `<h1 style="font-size:1.2em">${esc(title)}</h1><p data-testid="sim-oauth-error">${esc(detail)}</p></body>`,
    'text/html; charset=utf-8',
  );
}

/**
 * The authorize page's documented refusals (公众号网页授权, 错误码
 * https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html), the ones
 * a site can run into; WeChat shows "<message>，错误码：<code>" and never redirects.
 */
export const AUTHORIZE_ERRORS = {
  /** redirect_uri is not under the account's 网页授权域名 (or is not a URL). */
  10003: 'redirect_uri域名与后台配置不一致',
  /** The scope is not one the account holds: any scope but snsapi_base/snsapi_userinfo, and every scope on an
   * account without web authorization (a subscription account, an unverified service account). */
  10005: '此公众号并没有这些scope的权限',
  10010: 'scope不能为空',
  10011: 'redirect_uri不能为空',
  10012: 'appid不能为空',
  10013: 'state不能为空',
  /** The appid is not this official account's (e.g. an Open Platform website application's). */
  10016: '不支持微信开放平台的Appid，请使用公众号Appid',
} as const;
export type AuthorizeErrorCode = keyof typeof AUTHORIZE_ERRORS;

export interface OAuthPageContext {
  oauth: SimOAuth;
  appId: string;
  userExists(openid: string): boolean;
  /** The account's type now (the fault panel may switch it) and whether the rule is enforced. */
  accountType(): SimAccountType;
  accountTypeRule(): boolean;
}

function refuse(res: ServerResponse, code: AuthorizeErrorCode): void {
  page(res, 200, '参数错误', `${AUTHORIZE_ERRORS[code]}，错误码：${code}`);
}

/** GET /sim/browser/open?openid=…&url=…: the phone's in-app browser, as that user, then the URL. */
export function openInAppBrowser(
  ctx: OAuthPageContext,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
) {
  const openid = query.get('openid') ?? '';
  const target = query.get('url') ?? '';
  const host = req.headers.host ?? '';
  let url: URL;
  try {
    url = new URL(target, `http://${host}`);
  } catch {
    return page(res, 400, '无法打开', 'invalid url');
  }
  if (!ctx.userExists(openid) || !/^https?:$/.test(url.protocol))
    return page(res, 400, '无法打开', 'unknown user or url');
  res.writeHead(302, {
    location: url.toString(),
    'set-cookie': [
      `${SIM_BROWSER_COOKIE}=${encodeURIComponent(openid)}; Path=/sim; HttpOnly; SameSite=Lax`,
      `${SIM_INAPP_COOKIE}=1; Path=/; SameSite=Lax`,
    ],
    'cache-control': 'no-store',
  });
  res.end();
}

/** GET /sim/connect/oauth2/authorize (WeChat: https://open.weixin.qq.com/connect/oauth2/authorize). */
export function authorize(ctx: OAuthPageContext, req: IncomingMessage, res: ServerResponse, query: URLSearchParams) {
  const appid = query.get('appid');
  const redirectUri = query.get('redirect_uri');
  const scope = query.get('scope');
  const state = query.get('state') ?? '';
  if (!appid) return refuse(res, 10012);
  if (appid !== ctx.appId) return refuse(res, 10016);
  if (!redirectUri) return refuse(res, 10011);
  if (!scope) return refuse(res, 10010);
  if (scope !== 'snsapi_base' && scope !== 'snsapi_userinfo') return refuse(res, 10005);
  // Web authorization is a verified service account's: a subscription account holds neither scope.
  if (ctx.accountTypeRule() && ctx.accountType() === 'subscription') return refuse(res, 10005);
  if (!state) return refuse(res, 10013);
  if (query.get('response_type') !== 'code') return page(res, 200, '参数错误', 'response_type 须为 code');
  if (state.length > 128) return page(res, 200, '参数错误', 'state 最多128字节');
  let target: URL;
  try {
    target = new URL(redirectUri);
  } catch {
    return refuse(res, 10003);
  }
  if (!/^https?:$/.test(target.protocol) || (ctx.oauth.oauthDomain !== null && target.host !== ctx.oauth.oauthDomain))
    return refuse(res, 10003);
  const openid = cookie(req, SIM_BROWSER_COOKIE);
  if (!openid || !ctx.userExists(openid)) return page(res, 200, '请在微信客户端打开链接', '请在微信客户端打开链接');
  const code = ctx.oauth.issue({ appid, openid, scope });
  target.searchParams.set('code', code);
  target.searchParams.set('state', state);
  res.writeHead(302, { location: target.toString(), 'cache-control': 'no-store' });
  res.end();
}
