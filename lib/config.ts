import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseOidcClients } from './oidc/clients';

/** Simulator defaults: a fake Official Account that only the built-in simulator knows. */
export const SIMULATOR_ACCOUNT = {
  appId: 'wxsimulator0000001',
  appSecret: 'simulator-app-secret-0000000000000',
  token: 'webindSimulatorToken',
} as const;

const flag = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/|:memory:$)/, 'must start with file: or postgres://')
    .default('file:./data/webind.db'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis://')
    .optional(),
  APP_SECRET: z.string().optional(),
  PUBLIC_URL: z.url().optional(),
  WECHAT_APPID: z
    .string()
    .regex(/^\w{1,64}$/, 'must be letters, digits or _')
    .optional(),
  WECHAT_APPSECRET: z.string().min(1).optional(),
  WECHAT_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9]{3,32}$/, 'must be 3-32 letters or digits')
    .optional(),
  WECHAT_ENCODING_AES_KEY: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, 'must be 43 letters or digits')
    .optional(),
  WECHAT_API_BASE: z.url().optional(),
  /** Where the browser goes for web authorization (网页授权): WeChat's https://open.weixin.qq.com. */
  WECHAT_OAUTH_BASE: z.url().optional(),
  WECHAT_SIMULATOR: flag.optional(),
  WECHAT_TEMPLATE_ID_CODE: z.string().min(1).optional(),
  WECHAT_ACCOUNT_TYPE: z.enum(['service', 'subscription']).default('service'),
  WECHAT_RELAY_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  EMBED_ORIGINS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/, error: 'must be comma-separated origins like https://example.com' })))
    .transform((list) => list.map((o) => new URL(o).origin))
    .optional(),
  // Seconds between webhook retries (comma-separated); default: lib/webhooks/dispatcher.ts.
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .regex(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/, 'must be comma-separated seconds, e.g. 5,30,120')
    .transform((v) => v.split(',').map(Number))
    .optional(),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  // A delivery is sent as soon as its event commits on this instance; the poll finds retries that fell due and
  // deliveries another instance left.
  WEBHOOK_POLL_MS: z.coerce.number().int().min(100).max(3_600_000).default(1000),
  WECHAT_ACCOUNT_NAME: z.string().min(1).max(64).optional(),
  // What the account's own QR code (公众号二维码, from its admin) holds, e.g. http://weixin.qq.com/r/…
  WECHAT_FOLLOW_QR: z
    .url()
    .max(512)
    .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')
    .optional(),
  QR_TTL_SECONDS: z.coerce.number().int().min(60).max(2592000).default(300),
  QR_HOURLY_BUDGET: z.coerce.number().int().min(1).max(1_000_000).default(3000),
  WECHAT_TIMESTAMP_WINDOW_SECONDS: z.coerce.number().int().min(0).default(300),
  LOGIN_CONFIRM: z.enum(['phone', 'none']).default('phone'),
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  SOCKET_MAX_PER_IP: z.coerce.number().int().min(1).default(256),
  SOCKET_EVENTS_PER_SECOND: z.coerce.number().min(0.1).default(5),
  OIDC_CLIENTS: z.string().optional(),
  SIGNUP_WECHAT_ONLY: flag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ADMIN_EMAILS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.email('must be comma-separated e-mail addresses')))
    .optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});

export type Config = ReturnType<typeof bindPort>;

/** Only DATABASE_URL, validated like the server does: for commands that just open the database. */
export function loadDatabaseUrl(env: Record<string, string | undefined> = process.env): string {
  const parsed = EnvSchema.shape.DATABASE_URL.safeParse(env.DATABASE_URL || undefined);
  if (!parsed.success) throw new ConfigError(`DATABASE_URL: ${parsed.error.issues[0].message}`);
  return parsed.data;
}

/** Every problem found in the configuration, one line per variable (`problems`); the message joins them. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string | string[]) {
    const list = Array.isArray(problems) ? problems : problems.split('\n');
    super(list.join('\n'));
    this.problems = list;
  }
}

/**
 * Reads and validates every setting once. Bad or missing values throw one ConfigError that lists all of
 * them at once, one line each naming the variable, e.g. `QR_TTL_SECONDS: Too small: expected number to be >=60`,
 * so a newcomer fixes the whole file in one go instead of one variable per start.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    // The cross-variable rules too, judged on the values that did parse.
    const partial = EnvSchema.partial().safeParse(
      Object.fromEntries(Object.entries(cleaned).filter(([k]) => !parsed.error.issues.some((i) => i.path[0] === k))),
    );
    if (partial.success) problems.push(...crossChecks(partial.data));
    // One line per variable: a value that is invalid is not also reported as missing.
    const seen = new Set<string>();
    throw new ConfigError(problems.filter((p) => !seen.has(p.split(':')[0]) && seen.add(p.split(':')[0])));
  }
  const problems = crossChecks(parsed.data);
  if (problems.length) throw new ConfigError(problems);
  const raw = buildConfig(parsed.data);
  return bindPort(raw, raw.port);
}

/** Rules that involve several variables, or secrets; each broken rule is one line. */
function crossChecks(env: Partial<z.infer<typeof EnvSchema>>): string[] {
  const problems: string[] = [];
  const production = (env.NODE_ENV ?? 'development') === 'production';
  const simulator = env.WECHAT_SIMULATOR ?? (!env.WECHAT_APPID && !production);
  // The simulator signs pushes with the account's token and lists live QRs: in production anyone could
  // scan a victim's QR as a fake WeChat user. It runs under `npm run dev` and NODE_ENV=test only.
  if (production && env.WECHAT_SIMULATOR === true)
    problems.push(
      'WECHAT_SIMULATOR: the WeChat simulator is refused with NODE_ENV=production (it would let anyone fake a scan)',
    );
  if (!simulator) {
    for (const name of ['WECHAT_APPID', 'WECHAT_APPSECRET', 'WECHAT_TOKEN'] as const)
      if (!env[name]) problems.push(`${name}: required when the simulator is off`);
  }
  if (env.APP_SECRET !== undefined && env.APP_SECRET.length < 32)
    problems.push('APP_SECRET: must be at least 32 characters');
  if (env.APP_SECRET === undefined && production)
    problems.push('APP_SECRET: required in production (at least 32 characters)');
  return problems;
}

function buildConfig(env: z.infer<typeof EnvSchema>) {
  const production = env.NODE_ENV === 'production';
  const simulator = env.WECHAT_SIMULATOR ?? (!env.WECHAT_APPID && !production);
  const dataDir = path.resolve('data');
  const sqlitePath =
    env.DATABASE_URL === ':memory:'
      ? ':memory:'
      : env.DATABASE_URL.startsWith('file:')
        ? path.resolve(env.DATABASE_URL.slice(5))
        : null;
  const port = env.PORT;
  const oidc = parseOidcClients(env.OIDC_CLIENTS);
  // One line per mistake: a JSON array of clients is easy to get wrong in several places at once.
  if (!oidc.ok) throw new ConfigError(oidc.errors);
  return {
    production,
    dev: env.NODE_ENV === 'development',
    /** NODE_ENV=test: the production build and JSON logs, with the simulator allowed (the test suites). */
    test: env.NODE_ENV === 'test',
    port,
    publicUrlSetting: env.PUBLIC_URL?.replace(/\/+$/, ''),
    databaseUrl: env.DATABASE_URL,
    sqlitePath,
    redisUrl: env.REDIS_URL,
    appSecret: resolveAppSecret(env.APP_SECRET, production, dataDir),
    simulator,
    wechat: {
      appId: env.WECHAT_APPID ?? SIMULATOR_ACCOUNT.appId,
      appSecret: env.WECHAT_APPSECRET ?? SIMULATOR_ACCOUNT.appSecret,
      token: env.WECHAT_TOKEN ?? SIMULATOR_ACCOUNT.token,
      encodingAesKey: env.WECHAT_ENCODING_AES_KEY,
      apiBaseSetting: env.WECHAT_API_BASE?.replace(/\/+$/, ''),
      oauthBaseSetting: env.WECHAT_OAUTH_BASE?.replace(/\/+$/, ''),
      templateIdCode: env.WECHAT_TEMPLATE_ID_CODE,
      /** `subscription`: no parametric QRs (48001), every flow uses keyword codes. */
      accountType: env.WECHAT_ACCOUNT_TYPE,
      /** The Official Account's name as users search for it (pages say "send the code to …"). */
      accountName: env.WECHAT_ACCOUNT_NAME ?? 'WeBind',
      /** The account's own QR content; unset: phones get a permanent QR made through qrcode/create. */
      followQr: env.WECHAT_FOLLOW_QR,
      timestampWindowSeconds: env.WECHAT_TIMESTAMP_WINDOW_SECONDS,
    },
    relayUrl: env.WECHAT_RELAY_URL,
    embedOrigins: env.EMBED_ORIGINS ?? [],
    webhookRetrySchedule: env.WEBHOOK_RETRY_SCHEDULE,
    webhookTimeoutMs: env.WEBHOOK_TIMEOUT_MS,
    webhookPollMs: env.WEBHOOK_POLL_MS,
    qrTtlSeconds: env.QR_TTL_SECONDS,
    /** QRs all instances together may create in an hour (WeChat's daily quota is 100,000 by default). */
    qrHourlyBudget: env.QR_HOURLY_BUDGET,
    loginConfirm: env.LOGIN_CONFIRM,
    trustProxyHops: env.TRUST_PROXY,
    sockets: { maxPerIp: env.SOCKET_MAX_PER_IP, eventsPerSecond: env.SOCKET_EVENTS_PER_SECOND },
    logLevel: env.LOG_LEVEL,
    /** Lower-cased; an account whose e-mail is listed is an administrator. */
    adminEmails: env.ADMIN_EMAILS ?? [],
    /** GET /metrics is off (404) without it. */
    metricsToken: env.METRICS_TOKEN,
    oidcClients: oidc.clients,
    /** The first scan of an unbound WeChat may create an account with no e-mail or password. */
    signupWechatOnly: env.SIGNUP_WECHAT_ONLY,
  };
}

/**
 * Fills in the defaults that depend on the port actually listened on (PORT=0 picks a free one):
 * the public URL and, with the simulator on, the API base pointing at the simulator's own mount.
 */
export function bindPort(config: ReturnType<typeof buildConfig>, port: number) {
  const publicUrl = config.publicUrlSetting ?? `http://localhost:${port}`;
  return {
    ...config,
    port,
    publicUrl,
    wechat: {
      ...config.wechat,
      // The browser is sent here, so the simulator's mount is reached through the public URL.
      oauthBase:
        config.wechat.oauthBaseSetting ?? (config.simulator ? `${publicUrl}/sim` : 'https://open.weixin.qq.com'),
      apiBase:
        config.wechat.apiBaseSetting ??
        (config.simulator ? `http://127.0.0.1:${port}/sim` : 'https://api.weixin.qq.com'),
    },
  };
}

function resolveAppSecret(given: string | undefined, production: boolean, dataDir: string): string {
  if (given !== undefined) {
    if (given.length < 32) throw new ConfigError(['APP_SECRET: must be at least 32 characters']);
    return given;
  }
  if (production) throw new ConfigError(['APP_SECRET: required in production (at least 32 characters)']);
  // Development: generate once and keep it, so sessions and signed links survive a restart.
  const file = path.join(dataDir, 'app-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
