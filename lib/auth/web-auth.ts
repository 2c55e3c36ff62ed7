import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Ctx } from '../context';
import type { User } from '../db/types';
import { bindingView } from '../binding/account-update';
import { bindWechat } from '../binding/bind-wechat';
import { ConflictError, ForbiddenError } from '../errors';
import { safeNextPath } from '../http/safe-next';
import { sign, verifySigned } from '../signing';
import { isWeChatApiError } from '../wechat';
import { enqueueEvent } from '../webhooks/enqueue-event';
import { moveScene } from '../scene';

// Web authorization (网页授权, OAuth 2.0 with scope=snsapi_base) inside WeChat's own browser, where a QR on
// the screen cannot be scanned. WeChat's rules (公众号网页授权
// https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/Wechat_webpage_authorization.html):
// the browser is sent to open.weixin.qq.com/connect/oauth2/authorize?appid&redirect_uri&response_type=code
// &scope&state#wechat_redirect (parameters in that order); snsapi_base is silent; redirect_uri must lie under
// the 网页授权域名 set in the account's admin; the code comes back with `state`, is good once for 5 minutes
// and is exchanged server side only at /sns/oauth2/access_token (换取用户授权凭证
// https://developers.weixin.qq.com/doc/service/api/webdev/access/api_snsaccesstoken).
// The `state` is our CSRF defence: random, remembered only in a signed httpOnly cookie of the browser
// that started, valid for 10 minutes and used once (the link-nonce table records it).

export const WEB_AUTH_COOKIE = 'webind_wxoauth';
export const WEB_AUTH_TTL_MS = 10 * 60_000;
export const WEB_AUTH_CALLBACK_PATH = '/api/auth/wechat/oauth';
export const WEB_AUTH_PURPOSES = ['login', 'bind', 'link'] as const;
export type WebAuthPurpose = (typeof WEB_AUTH_PURPOSES)[number];

/**
 * May this account send a browser to web authorization at all? Only a verified service account (认证服务号)
 * holds the snsapi_base scope (公众号接口权限说明, "网页授权获取用户openid/用户基本信息":
 * https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Explanation_of_interface_privileges.html);
 * on a subscription account WeChat's authorize page refuses with "此公众号并没有这些scope的权限，错误码：10005".
 * Every page and route that would start one asks this (through lib/http/in-wechat.ts for pages).
 */
export function webAuthAvailable(config: { wechat: { accountType: 'service' | 'subscription' } }): boolean {
  return config.wechat.accountType === 'service';
}

/** WeChat's in-app browser names itself in the User-Agent (`… MicroMessenger/8.0.x …`). */
export function isWeChatBrowser(userAgent: string | null | undefined): boolean {
  return /MicroMessenger/i.test(userAgent ?? '');
}

interface Pending {
  state: string;
  purpose: WebAuthPurpose;
  /** Where to go afterwards: a path on this site (safeNextPath), never another origin. */
  next: string;
  expiresAt: number;
}

/** Why a web authorization was refused; the page shows `webAuth.error.<reason>`. */
export type WebAuthFailure = 'state' | 'code' | 'snapshot' | 'wechat';

/**
 * Starts a web authorization: the URL of WeChat's authorize page and the cookie that remembers the state.
 *
 * @example startWebAuth(ctx, { purpose: 'login', next: '/settings' }) // { url: 'https://open.weixin.qq.com/connect/oauth2/authorize?…', cookie }
 */
export function startWebAuth(
  { config, now }: Pick<Ctx, 'config' | 'now'>,
  { purpose, next }: { purpose: WebAuthPurpose; next: string | null | undefined },
): { url: string; cookie: string; expiresAt: number } {
  const pending: Pending = {
    state: randomBytes(24).toString('base64url'),
    purpose,
    next: safeNextPath(next),
    expiresAt: now() + WEB_AUTH_TTL_MS,
  };
  const body = Buffer.from(JSON.stringify(pending)).toString('base64url');
  const cookie = `${body}.${sign(config.appSecret, 'web-auth', [body])}`;
  const query = new URLSearchParams({
    appid: config.wechat.appId,
    redirect_uri: `${config.publicUrl}${WEB_AUTH_CALLBACK_PATH}`,
    response_type: 'code',
    scope: 'snsapi_base',
    state: pending.state,
  });
  return {
    url: `${config.wechat.oauthBase}/connect/oauth2/authorize?${query}#wechat_redirect`,
    cookie,
    expiresAt: pending.expiresAt,
  };
}

function readPending(secret: string, cookie: string | undefined): Pending | null {
  if (!cookie || cookie.length > 2000) return null;
  const [body, signature] = cookie.split('.');
  if (!body || !verifySigned(secret, 'web-auth', [body], signature)) return null;
  try {
    const value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Pending;
    return WEB_AUTH_PURPOSES.includes(value.purpose) ? value : null;
  } catch {
    return null;
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A refusal with the reason the page shows (and WeChat's errcode when it was WeChat's). */
export class WebAuthError extends ForbiddenError {
  constructor(
    readonly reason: WebAuthFailure,
    readonly errcode?: number,
  ) {
    super(`web_auth_${reason}`, `web authorization refused: ${reason}${errcode ? ` (${errcode})` : ''}`, {
      errcode: errcode ?? 0,
    });
  }
}

/**
 * The callback: checks the state against this browser's cookie (and uses it up), then exchanges the
 * code with WeChat server side. Returns the openid and what the browser had started.
 */
export async function finishWebAuth(
  ctx: Pick<Ctx, 'config' | 'now' | 'repos' | 'wechat' | 'log'>,
  { cookie, state, code }: { cookie: string | undefined; state: string | null; code: string | null },
): Promise<{ openid: string; purpose: WebAuthPurpose; next: string }> {
  const { config, now, repos, wechat } = ctx;
  const pending = readPending(config.appSecret, cookie);
  if (!pending || !state || state.length > 128 || !sameText(pending.state, state)) throw new WebAuthError('state');
  if (pending.expiresAt <= now()) throw new WebAuthError('state');
  // Used once: a second callback with the same state (a replay, a double tap) is refused.
  if (
    !(await repos.linkNonces.use({ nonce: `web-auth:${state}`, openid: '', now: now(), expiresAt: pending.expiresAt }))
  )
    throw new WebAuthError('state');
  // WeChat sends no code when the user refused (snsapi_userinfo); codes are short URL-safe strings.
  if (!code || !/^[A-Za-z0-9_-]{1,128}$/.test(code)) throw new WebAuthError('code');
  let identity: Awaited<ReturnType<typeof wechat.exchangeOAuthCode>>;
  try {
    identity = await wechat.exchangeOAuthCode(code);
  } catch (err) {
    if (!isWeChatApiError(err)) throw err;
    ctx.log.warn({ errcode: err.errcode }, 'web authorization: the code exchange failed');
    // 40029 invalid code (unknown, expired, another appid's), 40163 code been used.
    if (err.errcode === 40029 || err.errcode === 40163) throw new WebAuthError('code', err.errcode);
    throw new WebAuthError('wechat', err.errcode);
  }
  // A snapshot page's openid is a virtual account's (快照页模式): never log in or bind with it.
  if (identity.isSnapshotUser) throw new WebAuthError('snapshot');
  return { openid: identity.openid, purpose: pending.purpose, next: pending.next };
}

/** A bound openid signs in: audited and announced as a WeChat login, like a scan. Null when not bound. */
export async function loginFromWebAuth(
  { repos, now }: Pick<Ctx, 'repos' | 'now'>,
  { openid, ip }: { openid: string; ip: string | null },
): Promise<User | null> {
  const at = now();
  return repos.transaction(async (tx) => {
    const binding = await tx.bindings.findByOpenid(openid);
    const user = binding ? await tx.users.findById(binding.userId) : null;
    if (!user) return null;
    await tx.audit.add({ at, action: 'login.wechat', userId: user.id, openid, detail: { via: 'web-auth', ip } });
    await enqueueEvent(
      tx,
      'login.succeeded',
      { sceneId: 'web-auth', externalUserId: null, userId: user.id, openid },
      at,
    );
    return user;
  });
}

/**
 * An unbound openid from web authorization: a login scene already at `needs_binding`, held by this
 * browser's key, so /bind-account (and only in this browser) may register or log in and bind it. The
 * phone confirmation a scan needs is not needed here: the owner of this WeChat is the one browsing.
 */
export async function needsBindingFromWebAuth(
  { repos, now, config }: Pick<Ctx, 'repos' | 'now' | 'config'>,
  {
    openid,
    browserKeyHash,
    ip,
    userAgent,
    locale,
  }: { openid: string; browserKeyHash: string; ip: string | null; userAgent: string | null; locale: 'zh' | 'en' },
): Promise<string> {
  const at = now();
  const id = randomBytes(18).toString('base64url');
  return repos.transaction(async (tx) => {
    const scene = {
      id,
      purpose: 'login' as const,
      status: 'pending' as const,
      userId: null,
      openid: null,
      browserKeyHash,
      // No QR: the scene was opened by web authorization.
      qrContent: `web-auth:${id}`,
      detail: { locale },
      ip,
      userAgent: userAgent?.slice(0, 300) ?? null,
      createdAt: at,
      updatedAt: at,
      expiresAt: at + config.qrTtlSeconds * 1000,
    };
    await tx.scenes.insert(scene);
    const moved = await moveScene(tx, scene, 'needs_binding', at, { openid });
    if (!moved) throw new ConflictError('scene_used');
    return id;
  });
}

/** A signed-in user binds the WeChat they are browsing with. */
export async function bindFromWebAuth(
  ctx: Pick<Ctx, 'repos' | 'now' | 'notify'>,
  { userId, openid }: { userId: number; openid: string },
): Promise<'bound' | 'same' | 'openid_taken' | 'user_taken'> {
  const at = ctx.now();
  const result = await ctx.repos.transaction((tx) => bindWechat(tx, { userId, openid, now: at, via: 'web-auth' }));
  if (result === 'bound') {
    ctx.notify.account(userId, {
      wechat: bindingView({ userId, openid, boundAt: at, subscribed: true, subscribedChangedAt: null }),
    });
  }
  return result;
}
