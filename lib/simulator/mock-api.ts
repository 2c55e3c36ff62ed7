// The mock WeChat server API under /sim/cgi-bin/: same paths, JSON shapes and errcodes as api.weixin.qq.com.
// Codes follow WeChat's global return-code table (全局返回码), e.g. 40013 invalid appid, 40125 invalid
// appsecret, 40001/42001 token, 40052 invalid action name, 40053 invalid action info, 40097 invalid args,
// 43004 require subscribe, 45015 out of the customer-service window, 40037 invalid template_id.
// The rules WeChat enforces beyond argument checks live here too, each switchable (world.rules):
// - qrcode/create's daily quota, 45009 (生成带参数的二维码; 接口调用频次限制说明
//   https://developers.weixin.qq.com/doc/offiaccount/Message_Management/API_Call_Limits.html), with
//   openapi/quota/get (https://developers.weixin.qq.com/doc/channels/api/basic/api_getapiquota.html) and
//   clear_quota (https://developers.weixin.qq.com/doc/service/openApi/clear_quota.html);
// - 48001 for parametric QRs and template messages on a subscription account (only a verified service
//   account has them: https://developers.weixin.qq.com/doc/service/api/qrcode/qrcodes/api_createqrcode.html);
// - the customer-service windows, 45015 / 45047 (客服消息下发规则:
//   https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Customer_Service_Messages.html);
// - template messages (43004; first/remark dropped, values cut to 20 characters, no newline since 2023-05:
//   关于规范公众号模板消息的再次公告 https://developers.weixin.qq.com/community/develop/doc/000a2ae286cdc0f41a8face4c51801);
// - the IP allowlist, 40164 (IP白名单: https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html);
// - user/info without nickname and headimgurl since 2021-12-27
//   (https://developers.weixin.qq.com/community/develop/doc/00028edbe3c58081e7cc834705b801).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import QRCode from 'qrcode';
import { parseJsonObject, readBody, send, sendJson } from './http';
import { newMsgId, type Phone } from './phone';
import type { SimOAuth } from './oauth';
import type { TemplateRow } from './types';
import type { ServiceGrant, SimQr, SimUser, SimWorld } from './world';

export const TOKEN_TTL_SECONDS = 7200;
/** After a refresh through /cgi-bin/token the previous token keeps working this long (WeChat: 5 minutes). */
const TOKEN_OVERLAP_MS = 5 * 60_000;
const QR_DEFAULT_EXPIRE = 60;
const QR_MAX_EXPIRE = 2_592_000;
const CUSTOMER_SERVICE_WINDOW_MS = 48 * 3600_000;
/** Since 2023-05 a template keyword shows at most 20 characters, and nothing after a newline. */
export const TEMPLATE_VALUE_MAX = 20;

export interface TemplateDef {
  title: string;
  /** WeChat's template content, e.g. `{{first.DATA}}\n验证码：{{code.DATA}}\n{{remark.DATA}}`; optional. */
  content?: string;
}

export interface MockApiContext {
  world: SimWorld;
  phone: Phone;
  appId: string;
  appSecret: string;
  templates: Map<string, TemplateDef>;
  /** Push TEMPLATESENDJOBFINISH after a template message, as WeChat does. */
  templateJobFinish: boolean;
  /** The custom menu (get_current_selfmenu_info); null: no menu. */
  menu: { buttons: SimMenuButton[] } | null;
  /** Web authorization's codes (网页授权). */
  oauth: SimOAuth;
}

export interface SimMenuButton {
  type: 'click' | 'view';
  name: string;
  key?: string;
  url?: string;
}

type Answer =
  | { status?: number; json: Record<string, unknown> }
  | { raw: string | Buffer; contentType: string; status?: number };

class ApiError {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {}
}

const ERRMSG: Record<number, string> = {
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40008: 'invalid message type',
  40013: 'invalid appid',
  40029: 'invalid code',
  40163: 'code been used',
  40037: 'invalid template_id',
  40052: 'invalid action name',
  40053: 'invalid action info, please check document',
  40097: 'invalid args',
  40125: 'invalid appsecret',
  40164: 'invalid ip, not in whitelist',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  41009: 'missing openid',
  42001: 'access_token expired',
  43002: 'require POST method',
  43004: 'require subscribe',
  44002: 'empty post data',
  45009: 'reach max api daily quota limit',
  45029: 'qrcode count out of limit',
  45015: 'response out of time limit or subscription is canceled',
  45047: 'out of response count limit',
  47001: 'data format error',
  48001: 'api unauthorized',
  48006: 'forbid to clear quota because of reaching the limit',
  76021: 'cgi_path not found, please check',
};

function fail(errcode: number, detail?: string): never {
  throw new ApiError(errcode, detail ?? ERRMSG[errcode] ?? 'error');
}

/** WeChat appends a request id to every error message. */
function withRid(errmsg: string): string {
  return `${errmsg} rid: ${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
}

/** Serves one /sim/cgi-bin/… request, after the injected faults (latency, failures) had their say. */
export async function handleApi(
  ctx: MockApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
): Promise<void> {
  const { world } = ctx;
  const method = req.method ?? 'GET';
  if (world.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, world.faults.latencyMs));

  const failure = world.faults.failures.find((f) => f.remaining > 0 && (!f.path || path.startsWith(f.path)));
  if (failure) {
    failure.remaining--;
    world.faults.failures = world.faults.failures.filter((f) => f.remaining > 0);
    world.changed();
    if (failure.httpStatus) {
      world.recordCall({ at: world.now(), method, path, errcode: -1, httpStatus: failure.httpStatus });
      return send(
        res,
        failure.httpStatus,
        `<html><body>${failure.httpStatus}</body></html>`,
        'text/html; charset=utf-8',
      );
    }
    const errcode = failure.errcode ?? -1;
    world.recordCall({ at: world.now(), method, path, errcode, httpStatus: 200 });
    return sendJson(res, 200, { errcode, errmsg: withRid(failure.errmsg ?? ERRMSG[errcode] ?? 'system error') });
  }

  let answer: Answer;
  try {
    // WeChat checks the caller's IP against the account's allowlist (showqrcode is mp.weixin.qq.com's, public).
    const ip = req.socket.remoteAddress ?? '';
    if (world.rules.ipAllowlist && path !== '/cgi-bin/showqrcode' && !world.isAllowedIp(ip)) {
      const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
      fail(40164, `invalid ip ${v4} ipv6 ::ffff:${v4}, not in whitelist`);
    }
    answer = await route(ctx, method, path, query, req);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    world.recordCall({ at: world.now(), method, path, errcode: err.errcode, httpStatus: 200 });
    return sendJson(res, 200, { errcode: err.errcode, errmsg: withRid(err.errmsg) });
  }
  const status = answer.status ?? 200;
  world.recordCall({ at: world.now(), method, path, errcode: 0, httpStatus: status });
  if (status === 200 && path !== '/cgi-bin/showqrcode') world.countCall(path);
  if ('raw' in answer) return send(res, status, answer.raw, answer.contentType);
  return sendJson(res, status, answer.json);
}

/**
 * The API's paths, by what each handler reads: the query, the JSON body (POST only), or nothing. Those
 * marked `token` want a valid access_token first, before the body is read.
 */
type Route = { token?: true } & (
  | { query: (ctx: MockApiContext, query: URLSearchParams) => Answer | Promise<Answer> }
  | { json: (ctx: MockApiContext, body: Record<string, unknown>) => Answer }
  | { none: (ctx: MockApiContext) => Answer }
);

const ROUTES: Record<string, Route> = {
  '/cgi-bin/token': { query: getToken },
  '/sns/oauth2/access_token': { query: oauthAccessToken },
  '/cgi-bin/stable_token': { json: stableToken },
  '/cgi-bin/showqrcode': { query: showQrCode },
  '/cgi-bin/qrcode/create': { token: true, json: createQr },
  '/cgi-bin/message/custom/send': { token: true, json: customSend },
  '/cgi-bin/message/template/send': { token: true, json: templateSend },
  '/cgi-bin/user/info': { token: true, query: userInfo },
  '/cgi-bin/openapi/quota/get': { token: true, json: quotaGet },
  '/cgi-bin/clear_quota': { token: true, json: clearQuota },
  '/cgi-bin/template/get_all_private_template': { token: true, none: allPrivateTemplates },
  '/cgi-bin/get_current_selfmenu_info': { token: true, none: currentMenu },
};

async function route(
  ctx: MockApiContext,
  method: string,
  path: string,
  query: URLSearchParams,
  req: IncomingMessage,
): Promise<Answer> {
  const found = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
  if (!found) return { status: 404, json: { errcode: 404, errmsg: 'not found' } };
  if (found.token) requireToken(ctx, query);
  if ('query' in found) return found.query(ctx, query);
  if ('json' in found) return found.json(ctx, await postJson(method, req));
  return found.none(ctx);
}

async function postJson(method: string, req: IncomingMessage): Promise<Record<string, unknown>> {
  if (method !== 'POST') fail(43002);
  const text = await readBody(req);
  if (text === null || text.trim() === '') fail(44002);
  const body = parseJsonObject(text);
  if (!body) fail(47001, 'data format error hint: invalid json');
  return body;
}

function checkCredentials(ctx: MockApiContext, grantType: unknown, appid: unknown, secret: unknown): void {
  if (grantType !== 'client_credential') fail(40002);
  if (typeof appid !== 'string' || appid === '') fail(41002);
  if (appid !== ctx.appId) fail(40013);
  if (typeof secret !== 'string' || secret === '') fail(41004);
  if (secret !== ctx.appSecret) fail(40125);
}

/** 换取用户授权凭证 (https://developers.weixin.qq.com/doc/service/api/webdev/access/api_snsaccesstoken). */
function oauthAccessToken(ctx: MockApiContext, query: URLSearchParams): Answer {
  if (query.get('grant_type') !== 'authorization_code') fail(40002);
  const appid = query.get('appid');
  if (!appid) fail(41002);
  if (appid !== ctx.appId) fail(40013);
  const secret = query.get('secret');
  if (!secret) fail(41004);
  if (secret !== ctx.appSecret) fail(40125);
  const code = query.get('code');
  if (!code) fail(41008);
  const result = ctx.oauth.exchange(appid, code);
  if ('errcode' in result) fail(result.errcode);
  return { json: result.json };
}

function getToken(ctx: MockApiContext, query: URLSearchParams): Answer {
  checkCredentials(ctx, query.get('grant_type'), query.get('appid'), query.get('secret'));
  const { world } = ctx;
  const previous = world.currentToken ? world.tokens.get(world.currentToken) : undefined;
  if (previous) previous.expiresAt = Math.min(previous.expiresAt, world.now() + TOKEN_OVERLAP_MS);
  const token = world.issueToken(TOKEN_TTL_SECONDS);
  return { json: { access_token: token, expires_in: TOKEN_TTL_SECONDS } };
}

/** Normal mode hands out the current token while it lives; force_refresh replaces it (the old one stops working). */
function stableToken(ctx: MockApiContext, body: Record<string, unknown>): Answer {
  checkCredentials(ctx, body.grant_type, body.appid, body.secret);
  const { world } = ctx;
  const current = world.currentToken;
  if (body.force_refresh !== true && current && world.checkToken(current) === 0) {
    const left = Math.floor((world.tokens.get(current)!.expiresAt - world.now()) / 1000);
    return { json: { access_token: current, expires_in: left } };
  }
  world.revokeToken(current, 'invalid');
  const token = world.issueToken(TOKEN_TTL_SECONDS);
  return { json: { access_token: token, expires_in: TOKEN_TTL_SECONDS } };
}

function requireToken(ctx: MockApiContext, query: URLSearchParams): void {
  const token = query.get('access_token');
  if (!token) fail(41001);
  const code = ctx.world.checkToken(token);
  if (code !== 0) fail(code);
}

function quotaGet(ctx: MockApiContext, body: Record<string, unknown>): Answer {
  const path = body.cgi_path;
  const limit = typeof path === 'string' ? ctx.world.dailyLimit(path) : undefined;
  if (typeof path !== 'string' || limit === undefined) fail(76021);
  const used = ctx.world.used(path);
  return { json: { errcode: 0, errmsg: 'ok', quota: { daily_limit: limit, used, remain: Math.max(0, limit - used) } } };
}

function clearQuota(ctx: MockApiContext, body: Record<string, unknown>): Answer {
  if (typeof body.appid !== 'string' || body.appid === '') fail(41002);
  if (body.appid !== ctx.appId) fail(40013);
  if (!ctx.world.clearUsage()) fail(48006);
  return { json: { errcode: 0, errmsg: 'ok' } };
}

/** Parametric QRs and template messages need a verified service account. */
function requireServiceAccount(ctx: MockApiContext): void {
  if (ctx.world.rules.accountType && ctx.world.settings.accountType === 'subscription') fail(48001);
}

function createQr(ctx: MockApiContext, body: Record<string, unknown>): Answer {
  requireServiceAccount(ctx);
  const { world } = ctx;
  if (world.rules.qrQuota && world.used('/cgi-bin/qrcode/create') >= world.settings.qrDailyLimit) fail(45009);
  const action = body.action_name;
  const kinds: Record<string, { permanent: boolean; str: boolean }> = {
    QR_SCENE: { permanent: false, str: false },
    QR_STR_SCENE: { permanent: false, str: true },
    QR_LIMIT_SCENE: { permanent: true, str: false },
    QR_LIMIT_STR_SCENE: { permanent: true, str: true },
  };
  const kind = typeof action === 'string' ? kinds[action] : undefined;
  if (!kind) fail(40052);
  const info = body.action_info as { scene?: { scene_str?: unknown; scene_id?: unknown } } | undefined;
  const scene = info && typeof info === 'object' ? info.scene : undefined;
  if (!scene || typeof scene !== 'object') fail(40053);
  let sceneValue: string;
  if (kind.str) {
    const str = scene.scene_str;
    if (typeof str !== 'string') fail(40053);
    if (str.length < 1 || str.length > 64) fail(40097, 'invalid args hint: scene_str length must be 1 to 64');
    sceneValue = str;
  } else {
    const id = Number(scene.scene_id);
    const max = kind.permanent ? 100_000 : 4_294_967_295;
    if (scene.scene_id === undefined) fail(40053);
    if (!Number.isInteger(id) || id < 1 || id > max) fail(40097, `invalid args hint: scene_id must be 1 to ${max}`);
    sceneValue = String(id);
  }
  if (kind.permanent) {
    // 永久二维码: no expiry, at most 100,000 per account (生成带参数的二维码
    // https://developers.weixin.qq.com/doc/service/api/qrcode/qrcodes/api_createqrcode.html: "永久二维码，是无过期时间
    // 的，但数量较少（目前为最多10万个）"), 45029 "qrcode count out of limit" past it. A scene made before is handed
    // back, not counted again (WeChat's answer on 45029: "之前的参数生成过，就不再累计"
    // https://developers.weixin.qq.com/community/develop/doc/0002a2ddbd4918d9cdfcaf1a55fc00).
    const made = world.findPermanentQr(kind.str ? 'str' : 'id', sceneValue);
    if (made) return { json: { ticket: made.ticket, url: made.url } };
    if (world.permanentQrCount() >= world.permanentQrLimit) fail(45029);
  }
  let expireSeconds: number | null = null;
  if (!kind.permanent) {
    const given = body.expire_seconds;
    expireSeconds = given === undefined ? QR_DEFAULT_EXPIRE : Number(given);
    if (!Number.isInteger(expireSeconds) || expireSeconds < 60 || expireSeconds > QR_MAX_EXPIRE) {
      fail(40097, `invalid args hint: expire_seconds must be 60 to ${QR_MAX_EXPIRE}`);
    }
  }
  const now = ctx.world.now();
  const qr: SimQr = {
    // WeChat's tickets are base64 (with + / =), so they must be URL-encoded in showqrcode.
    ticket: `gQ${randomBytes(42).toString('base64')}`,
    url: `http://weixin.qq.com/q/${randomAlnum(22)}`,
    scene: sceneValue,
    sceneKind: kind.str ? 'str' : 'id',
    permanent: kind.permanent,
    createdAt: now,
    expiresAt: expireSeconds === null ? null : now + expireSeconds * 1000,
    scans: 0,
  };
  ctx.world.addQr(qr);
  return {
    json: { ticket: qr.ticket, ...(expireSeconds === null ? {} : { expire_seconds: expireSeconds }), url: qr.url },
  };
}

/** A real PNG of the QR content. WeChat answers an unknown ticket with HTTP 404. */
async function showQrCode(ctx: MockApiContext, query: URLSearchParams): Promise<Answer> {
  const qr = ctx.world.findQr(query.get('ticket') ?? '');
  if (!qr || query.get('ticket') !== qr.ticket || ctx.world.isExpired(qr))
    return { status: 404, raw: 'Not Found', contentType: 'text/plain' };
  const png = await QRCode.toBuffer(qr.url, { type: 'png', margin: 2, width: 430, errorCorrectionLevel: 'M' });
  return { raw: png, contentType: 'image/png' };
}

function knownUser(ctx: MockApiContext, openid: unknown): SimUser {
  if (typeof openid !== 'string' || openid === '') fail(40003);
  const user = ctx.world.users.get(openid);
  if (!user) fail(40003);
  return user;
}

/** Takes one message from the user's open customer-service allowances: 45015 when none is open, 45047 when spent. */
function takeServiceAllowance(ctx: MockApiContext, user: SimUser): ServiceGrant | null {
  const now = ctx.world.now();
  if (!ctx.world.rules.serviceWindow) {
    // The kinder rule of old: 48 hours after any interaction, no count.
    const inWindow = user.lastInteractionAt !== null && now - user.lastInteractionAt < CUSTOMER_SERVICE_WINDOW_MS;
    if (!user.following || !inWindow) fail(45015);
    return null;
  }
  if (!user.following) fail(45015);
  const open = [user.grants.event, user.grants.message].filter((g): g is ServiceGrant => g !== null && g.until > now);
  if (open.length === 0) fail(45015);
  const grant = open.find((g) => g.remaining > 0);
  if (!grant) fail(45047);
  return grant;
}

function customSend(ctx: MockApiContext, body: Record<string, unknown>): Answer {
  const user = knownUser(ctx, body.touser);
  const { world } = ctx;
  const grant = takeServiceAllowance(ctx, user);
  switch (body.msgtype) {
    case 'text': {
      const content = (body.text as { content?: unknown } | undefined)?.content;
      if (typeof content !== 'string' || content === '') fail(40097, 'invalid args hint: text.content is empty');
      world.addEntry(user, { kind: 'account_text', text: content, via: 'custom' });
      break;
    }
    case 'news': {
      const articles = (body.news as { articles?: unknown } | undefined)?.articles;
      if (!Array.isArray(articles) || articles.length === 0) fail(40097, 'invalid args hint: news.articles is empty');
      const str = (v: unknown) => (typeof v === 'string' ? v : '');
      world.addEntry(user, {
        kind: 'account_news',
        via: 'custom',
        articles: articles.map((a: Record<string, unknown>) => ({
          title: str(a.title),
          description: str(a.description),
          url: str(a.url),
          picUrl: str(a.picurl),
        })),
      });
      break;
    }
    default:
      if (typeof body.msgtype !== 'string') fail(40008);
      world.addEntry(user, { kind: 'account_other', msgType: body.msgtype, via: 'custom' });
  }
  // Spent only once the message was valid and shown.
  if (grant) grant.remaining--;
  return { json: { errcode: 0, errmsg: 'ok' } };
}

function templateSend(ctx: MockApiContext, body: Record<string, unknown>): Answer {
  const user = knownUser(ctx, body.touser);
  const templateId = body.template_id;
  const template = typeof templateId === 'string' ? ctx.templates.get(templateId) : undefined;
  requireServiceAccount(ctx);
  if (!template || typeof templateId !== 'string') fail(40037);
  const strict = ctx.world.rules.templateRules;
  if (strict && !user.following) fail(43004);
  const data = body.data;
  if (!data || typeof data !== 'object' || Array.isArray(data))
    fail(47001, 'data format error hint: data must be an object');
  const url = typeof body.url === 'string' && body.url !== '' ? body.url : undefined;
  ctx.world.addEntry(user, {
    kind: 'template',
    templateId,
    ...renderTemplate(template, data as Record<string, unknown>, { rules2023: strict }),
    ...(url ? { url } : {}),
  });
  const msgId = newMsgId(ctx.world.now());
  if (ctx.templateJobFinish)
    setTimeout(() => void ctx.phone.templateSendJobFinish(user, msgId).catch(() => undefined), 0);
  // Written by hand: msgid is a 64-bit number, which JSON.stringify cannot write from a JS number.
  return { raw: `{"errcode":0,"errmsg":"ok","msgid":${msgId}}`, contentType: 'application/json; charset=utf-8' };
}

/**
 * Renders a template as WeChat's card: the keys as labelled rows. With `rules2023` (WeChat since 2023-05)
 * `first` and `remark` are dropped and each value is shown up to its first newline and cut to 20 characters;
 * without it, `first` above and `remark` below as before.
 */
export function renderTemplate(
  template: TemplateDef,
  data: Record<string, unknown>,
  opts: { rules2023?: boolean } = {},
): { title: string; first?: string; rows: TemplateRow[]; remark?: string } {
  const shown = (text: string) =>
    opts.rules2023
      ? Array.from(text.split(/\r?\n/)[0] ?? '')
          .slice(0, TEMPLATE_VALUE_MAX)
          .join('')
      : text;
  const value = (key: string) => {
    const item = data[key] as { value?: unknown; color?: unknown } | undefined;
    return item && typeof item === 'object' && typeof item.value === 'string'
      ? { value: shown(item.value), color: typeof item.color === 'string' ? item.color : undefined }
      : null;
  };
  const rows: TemplateRow[] = [];
  if (template.content) {
    // Lines like "验证码：{{code.DATA}}" give the label; a line that is only a placeholder is first/remark.
    for (const line of template.content.split('\n')) {
      const m = /^(.*?)[：:]?\s*\{\{(\w+)\.DATA\}\}\s*$/.exec(line.trim());
      if (!m || m[2] === 'first' || m[2] === 'remark') continue;
      const v = value(m[2]);
      if (v) rows.push({ label: m[1] || m[2], value: v.value, ...(v.color ? { color: v.color } : {}) });
    }
  } else {
    for (const key of Object.keys(data)) {
      if (key === 'first' || key === 'remark') continue;
      const v = value(key);
      if (v) rows.push({ label: key, value: v.value, ...(v.color ? { color: v.color } : {}) });
    }
  }
  if (opts.rules2023) return { title: template.title, rows };
  const first = value('first')?.value;
  const remark = value('remark')?.value;
  return { title: template.title, rows, ...(first ? { first } : {}), ...(remark ? { remark } : {}) };
}

/** https://developers.weixin.qq.com/doc/service/api/notify/template/api_getalltemplates.html */
function allPrivateTemplates(ctx: MockApiContext): Answer {
  return {
    json: {
      template_list: [...ctx.templates].map(([id, t]) => ({
        template_id: id,
        title: t.title,
        primary_industry: 'IT科技',
        deputy_industry: '互联网|电子商务',
        content: t.content ?? '',
        example: '',
      })),
    },
  };
}

/**
 * As an API-set menu: top-level buttons carry `key`/`url`.
 * https://developers.weixin.qq.com/doc/service/api/custommenu/api_getcurrentselfmenuinfo.html
 */
function currentMenu(ctx: MockApiContext): Answer {
  if (!ctx.menu) return { json: { is_menu_open: 0 } };
  return { json: { is_menu_open: 1, selfmenu_info: { button: ctx.menu.buttons.map((b) => ({ ...b })) } } };
}

function userInfo(ctx: MockApiContext, query: URLSearchParams): Answer {
  if (!query.get('openid')) fail(41009);
  const user = knownUser(ctx, query.get('openid'));
  if (!user.following) return { json: { subscribe: 0, openid: user.openid, unionid: user.unionid, tagid_list: [] } };
  // Before 2021-12-27 WeChat also returned the profile; the switch shows what older code expected.
  const profile = ctx.world.rules.userInfoPrivacy
    ? {}
    : { nickname: user.nickname, sex: 0, city: '', province: '', country: '', headimgurl: '' };
  return {
    json: {
      subscribe: 1,
      openid: user.openid,
      ...profile,
      language: 'zh_CN',
      subscribe_time: Math.floor((user.followedAt ?? ctx.world.now()) / 1000),
      unionid: user.unionid,
      remark: '',
      groupid: 0,
      tagid_list: [],
      subscribe_scene: user.subscribeScene || 'ADD_SCENE_OTHERS',
      qr_scene: 0,
      qr_scene_str: user.qrSceneStr,
    },
  };
}

function randomAlnum(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}
