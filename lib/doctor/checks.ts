// The setup doctor: checks the configuration against WeChat, one pass/fail line each with its fix.
// Shared by `npm run doctor` (scripts/doctor.ts) and the admin console's health page.
//
// WeChat rules it checks, with their sources:
// - access token through stable_token; 40164 = the caller's IP is not on the account's allowlist, and
//   WeChat's errmsg names the IP it saw ("invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist"):
//   https://developers.weixin.qq.com/doc/service/api/base/api_getstableaccesstoken.html
// - qrcode/create needs a verified service account (48001 api unauthorized otherwise):
//   https://developers.weixin.qq.com/doc/service/api/qrcode/qrcodes/api_createqrcode.html
// - daily quota of an API: openapi/quota/get; 45009 when spent:
//   https://developers.weixin.qq.com/doc/service/api/apimange/api_getapiquota.html
// - the account's templates: template/get_all_private_template:
//   https://developers.weixin.qq.com/doc/service/api/notify/template/api_getalltemplates.html
// - the menu as users see it: get_current_selfmenu_info:
//   https://developers.weixin.qq.com/doc/service/api/custommenu/api_getcurrentselfmenuinfo.html
import { randomBytes } from 'node:crypto';
import type { Config } from '../config';
import {
  AccessTokenProvider,
  createMemoryAccessTokenStore,
  type FetchLike,
  templateFields,
  isWeChatApiError,
  WeChatClient,
} from '../wechat';

export const CHECK_IDS = [
  'token',
  'ip_allowlist',
  'qrcode',
  'quota',
  'template',
  'menu',
  'public_url',
  'app_secret',
  'database',
  'redis',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** `skip`: could not be checked because an earlier check failed, or does not apply to this setup. */
export type CheckState = 'pass' | 'fail' | 'skip';

/** One line: `message` and `fix` are i18n keys (`doctor.*`) filled with `params`. */
export interface CheckResult {
  id: CheckId;
  state: CheckState;
  message: string;
  fix?: string;
  params: Record<string, string | number>;
}

/** The menu key the webhook answers with a bind link (lib/inbox/handle-wechat-message.ts). */
export const BIND_MENU_KEY = 'BIND_ACCOUNT';
/** The fields the verification-code template message fills (lib/verify/deliver-code.ts). */
export const CODE_TEMPLATE_FIELDS = ['keyword1', 'keyword2'] as const;
const QR_PATH = '/cgi-bin/qrcode/create';

export interface DoctorDeps {
  config: Config;
  /** `select 1` against DATABASE_URL. */
  pingDatabase: () => Promise<void>;
  /** PING against REDIS_URL (only called when it is set). */
  pingRedis: () => Promise<void>;
  fetch?: FetchLike;
}

export async function runDoctor(deps: DoctorDeps): Promise<CheckResult[]> {
  const { config } = deps;
  const results: CheckResult[] = [];
  const add = (r: Omit<CheckResult, 'params'> & { params?: CheckResult['params'] }) =>
    results.push({ params: {}, ...r });

  // A token of its own (memory store, normal mode): the running app's cached token is neither used nor replaced.
  const tokens = new AccessTokenProvider({
    appId: config.wechat.appId,
    appSecret: config.wechat.appSecret,
    baseUrl: config.wechat.apiBase,
    store: createMemoryAccessTokenStore(),
    fetch: deps.fetch,
    timeoutMs: 8000,
  });
  const client = new WeChatClient({
    baseUrl: config.wechat.apiBase,
    appId: config.wechat.appId,
    tokens,
    fetch: deps.fetch,
    timeoutMs: 8000,
  });

  let tokenOk = false;
  try {
    await tokens.getToken();
    tokenOk = true;
    add({ id: 'token', state: 'pass', message: 'doctor.token.pass' });
    add({ id: 'ip_allowlist', state: 'pass', message: 'doctor.ip_allowlist.pass' });
  } catch (err) {
    const e = describe(err);
    if (e.errcode === 40164) {
      add({ id: 'token', state: 'fail', message: 'doctor.token.failIp', fix: 'doctor.token.fixIp', params: e });
      add(ipFailure(e));
    } else {
      add({ id: 'token', state: 'fail', message: 'doctor.token.fail', fix: tokenFix(e.errcode), params: e });
      add({ id: 'ip_allowlist', state: 'skip', message: 'doctor.needsToken' });
    }
  }

  if (!tokenOk) {
    for (const id of ['qrcode', 'quota', 'template', 'menu'] as const)
      add({ id, state: 'skip', message: 'doctor.needsToken' });
  } else {
    results.push(await checkQrcode(config, client));
    results.push(await checkQuota(client));
    results.push(await checkTemplate(config, client));
    results.push(await checkMenu(client));
  }

  results.push(checkPublicUrl(config));
  results.push(checkAppSecret(config.appSecret));
  results.push(await checkReachable('database', deps.pingDatabase));
  if (config.redisUrl) results.push(await checkReachable('redis', deps.pingRedis));
  else add({ id: 'redis', state: 'pass', message: 'doctor.redis.none' });
  return results;
}

function describe(err: unknown): { errcode: number; errmsg: string } {
  if (isWeChatApiError(err)) return { errcode: err.errcode, errmsg: err.message.slice(0, 200) };
  return { errcode: -1, errmsg: err instanceof Error ? err.message.slice(0, 200) : String(err) };
}

function ipFailure(e: { errcode: number; errmsg: string }): CheckResult {
  const ip = /invalid ip ([0-9a-f.:]+)/i.exec(e.errmsg)?.[1] ?? '?';
  return {
    id: 'ip_allowlist',
    state: 'fail',
    message: 'doctor.ip_allowlist.fail',
    fix: 'doctor.ip_allowlist.fix',
    params: { ...e, ip },
  };
}

function tokenFix(errcode: number): string {
  switch (errcode) {
    case 40013:
    case 41002:
      return 'doctor.token.fixAppid';
    case 40125:
    case 41004:
    case 40001:
      return 'doctor.token.fixSecret';
    case -1:
      return 'doctor.token.fixNetwork';
    default:
      return 'doctor.token.fixOther';
  }
}

async function checkQrcode(config: Config, client: WeChatClient): Promise<CheckResult> {
  const base = { id: 'qrcode' as const, params: {} };
  if (config.wechat.accountType === 'subscription')
    return { ...base, state: 'pass', message: 'doctor.qrcode.subscription' };
  try {
    // One 60-second QR (the shortest WeChat allows); it counts against today's quota.
    await client.createTempQr({ sceneStr: `doctor-${randomBytes(6).toString('hex')}` }, 60);
    return { ...base, state: 'pass', message: 'doctor.qrcode.pass' };
  } catch (err) {
    const e = describe(err);
    if (e.errcode === 48001)
      return { ...base, state: 'fail', message: 'doctor.qrcode.fail48001', fix: 'doctor.qrcode.fix48001', params: e };
    if (e.errcode === 45009)
      return { ...base, state: 'fail', message: 'doctor.qrcode.failQuota', fix: 'doctor.quota.fix', params: e };
    if (e.errcode === 40164) return { ...ipFailure(e), id: 'qrcode' };
    return { ...base, state: 'fail', message: 'doctor.qrcode.fail', fix: 'doctor.wechat.fixOther', params: e };
  }
}

async function checkQuota(client: WeChatClient): Promise<CheckResult> {
  try {
    const q = await client.getApiQuota(QR_PATH);
    const params = { used: q.used, remain: q.remain, limit: q.dailyLimit };
    if (q.remain <= 0)
      return { id: 'quota', state: 'fail', message: 'doctor.quota.fail', fix: 'doctor.quota.fix', params };
    return { id: 'quota', state: 'pass', message: 'doctor.quota.pass', params };
  } catch (err) {
    const e = describe(err);
    return { id: 'quota', state: 'fail', message: 'doctor.wechat.fail', fix: 'doctor.wechat.fixOther', params: e };
  }
}

async function checkTemplate(config: Config, client: WeChatClient): Promise<CheckResult> {
  const id = config.wechat.templateIdCode;
  if (!id) return { id: 'template', state: 'skip', message: 'doctor.template.none', params: {} };
  try {
    const list = await client.getAllPrivateTemplates();
    const found = list.find((t) => t.templateId === id);
    if (!found)
      return {
        id: 'template',
        state: 'fail',
        message: 'doctor.template.missing',
        fix: 'doctor.template.fixMissing',
        params: { templateId: id, count: list.length },
      };
    const fields = templateFields(found.content);
    const missing = CODE_TEMPLATE_FIELDS.filter((f) => !fields.includes(f));
    if (missing.length)
      return {
        id: 'template',
        state: 'fail',
        message: 'doctor.template.fields',
        fix: 'doctor.template.fixFields',
        params: { templateId: id, missing: missing.join(', '), fields: fields.join(', ') || '-' },
      };
    return { id: 'template', state: 'pass', message: 'doctor.template.pass', params: { title: found.title } };
  } catch (err) {
    const e = describe(err);
    return { id: 'template', state: 'fail', message: 'doctor.wechat.fail', fix: 'doctor.wechat.fixOther', params: e };
  }
}

async function checkMenu(client: WeChatClient): Promise<CheckResult> {
  try {
    const menu = await client.getCurrentMenu();
    const button = menu.buttons.find((b) => b.key === BIND_MENU_KEY);
    if (menu.open && button?.type === 'click')
      return { id: 'menu', state: 'pass', message: 'doctor.menu.pass', params: { name: button.name } };
    return {
      id: 'menu',
      state: 'fail',
      message: menu.open ? 'doctor.menu.fail' : 'doctor.menu.closed',
      fix: 'doctor.menu.fix',
      params: { key: BIND_MENU_KEY },
    };
  } catch (err) {
    const e = describe(err);
    return { id: 'menu', state: 'fail', message: 'doctor.wechat.fail', fix: 'doctor.wechat.fixOther', params: e };
  }
}

function checkPublicUrl(config: Config): CheckResult {
  const url = config.publicUrlSetting;
  if (!config.production)
    return { id: 'public_url', state: 'pass', message: 'doctor.public_url.dev', params: { url: config.publicUrl } };
  if (!url)
    return {
      id: 'public_url',
      state: 'fail',
      message: 'doctor.public_url.unset',
      fix: 'doctor.public_url.fix',
      params: {},
    };
  if (!url.startsWith('https://'))
    return {
      id: 'public_url',
      state: 'fail',
      message: 'doctor.public_url.http',
      fix: 'doctor.public_url.fix',
      params: { url },
    };
  return { id: 'public_url', state: 'pass', message: 'doctor.public_url.pass', params: { url } };
}

/** At least 32 characters drawn from a wide alphabet: a long run of one character or a word is not a secret. */
export function checkAppSecret(secret: string): CheckResult {
  const distinct = new Set(secret).size;
  const bits = Math.floor(secret.length * Math.log2(Math.max(distinct, 1)));
  const params = { length: secret.length, distinct };
  if (secret.length < 32 || distinct < 12 || bits < 128 || /^(.{1,8})\1+$/.test(secret))
    return { id: 'app_secret', state: 'fail', message: 'doctor.app_secret.fail', fix: 'doctor.app_secret.fix', params };
  return { id: 'app_secret', state: 'pass', message: 'doctor.app_secret.pass', params };
}

async function checkReachable(id: 'database' | 'redis', ping: () => Promise<void>): Promise<CheckResult> {
  try {
    await withTimeout(ping(), 5000);
    return { id, state: 'pass', message: `doctor.${id}.pass`, params: {} };
  } catch (err) {
    return {
      id,
      state: 'fail',
      message: `doctor.${id}.fail`,
      fix: `doctor.${id}.fix`,
      params: { error: err instanceof Error ? err.message.slice(0, 200) : String(err) },
    };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
