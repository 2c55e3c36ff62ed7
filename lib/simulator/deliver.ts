import { buildPushRequest, openReply, parseXml, randomNonce, type PushMode } from '../wechat';
import type { NewsArticle } from './types';

/** Per-call overrides of WeChat's delivery rules (tests point pushes at stub servers with these). */
export interface DeliverOptions {
  /** Where to POST (default: the app's /api/wechat). */
  webhookUrl?: string;
  /** WeChat waits 5 s for an answer. */
  timeoutMs?: number;
  /**
   * Requests in total, the first included (default 3). WeChat's docs say "总共重试三次"; observed behaviour
   * (and most SDK write-ups: "总共推送三次") is three requests in all.
   */
  attempts?: number;
  /** Default: `safe` with an EncodingAESKey, else `plaintext`. */
  mode?: PushMode;
  /** Reuse the first attempt's timestamp and nonce on retries (default: fresh ones per request). */
  sameQueryOnRetry?: boolean;
}

export interface DeliveryAttempt {
  n: number;
  url: string;
  query: Record<string, string>;
  rawBody: string;
  startedAt: number;
  durationMs: number;
  status?: number;
  body?: string;
  error?: 'timeout' | 'network' | 'http_status';
}

export interface ParsedReply {
  msgType: string;
  /** Text replies: the Content; news: the first title. */
  text: string | null;
  articles?: NewsArticle[];
  /** The reply XML after decryption. */
  xml: string;
}

export interface Delivery {
  id: number;
  openid: string;
  /** `subscribe`, `SCAN`, `text`, `CLICK`, … */
  kind: string;
  createTime: number;
  msgId?: string;
  /** The plaintext message (before encryption). */
  messageXml: string;
  mode: PushMode;
  webhookUrl: string;
  attempts: DeliveryAttempt[];
  /** `replied` (a valid passive reply), `success` (success or empty), `failed` (WeChat shows the error text). */
  outcome: 'replied' | 'success' | 'failed';
  failure?: 'timeout' | 'network' | 'http_status' | 'invalid_reply';
  /** Why a reply was refused, for the developer. */
  failureDetail?: string;
  reply: ParsedReply | null;
  startedAt: number;
  finishedAt: number;
}

export interface PushContext {
  token: string;
  appId: string;
  encodingAesKey?: string;
  originalId: string;
  webhookUrl: string;
  timeoutMs: number;
  attempts: number;
  now: () => number;
  nextId: () => number;
  /** Set when the simulator is closing: no new attempts. */
  closed: () => boolean;
}

/**
 * Delivers one push the way WeChat does: POST with a signed (and in safe mode encrypted) body, give up
 * on an attempt after the timeout and send the same message again (same CreateTime/MsgId; a fresh
 * timestamp and nonce in the query) up to `attempts` requests; then read the answer.
 */
export async function deliverPush(
  ctx: PushContext,
  msg: { openid: string; kind: string; createTime: number; msgId?: string; messageXml: string },
  opts: DeliverOptions = {},
): Promise<Delivery> {
  const mode: PushMode = opts.mode ?? (ctx.encodingAesKey ? 'safe' : 'plaintext');
  const webhookUrl = opts.webhookUrl ?? ctx.webhookUrl;
  const timeoutMs = opts.timeoutMs ?? ctx.timeoutMs;
  const maxAttempts = Math.max(1, opts.attempts ?? ctx.attempts);
  const delivery: Delivery = {
    id: ctx.nextId(),
    openid: msg.openid,
    kind: msg.kind,
    createTime: msg.createTime,
    ...(msg.msgId ? { msgId: msg.msgId } : {}),
    messageXml: msg.messageXml,
    mode,
    webhookUrl,
    attempts: [],
    outcome: 'failed',
    reply: null,
    startedAt: ctx.now(),
    finishedAt: 0,
  };

  let first: { timestamp: string; nonce: string } | null = null;
  for (let n = 1; n <= maxAttempts && !ctx.closed(); n++) {
    const stamp: { timestamp: string; nonce: string } =
      opts.sameQueryOnRetry && first
        ? first
        : { timestamp: String(Math.floor(ctx.now() / 1000)), nonce: randomNonce() };
    first ??= stamp;
    const request = buildPushRequest({
      token: ctx.token,
      messageXml: msg.messageXml,
      timestamp: stamp.timestamp,
      nonce: stamp.nonce,
      mode,
      appId: ctx.appId,
      aesKey: mode === 'plaintext' ? undefined : ctx.encodingAesKey,
      openid: msg.openid,
    });
    const url = `${webhookUrl}${webhookUrl.includes('?') ? '&' : '?'}${new URLSearchParams(request.query as Record<string, string>).toString()}`;
    const attempt: DeliveryAttempt = {
      n,
      url,
      query: request.query as Record<string, string>,
      rawBody: request.rawBody,
      startedAt: ctx.now(),
      durationMs: 0,
    };
    delivery.attempts.push(attempt);
    const started = Date.now();
    const answer = await post(url, request.rawBody, timeoutMs);
    attempt.durationMs = Date.now() - started;
    if (answer.kind === 'error') {
      attempt.error = answer.error;
      if (answer.status !== undefined) attempt.status = answer.status;
      delivery.failure = answer.error;
      continue;
    }
    attempt.status = answer.status;
    attempt.body = answer.body;
    delete delivery.failure;
    const read = readReply(ctx, answer.body, msg.openid, mode);
    if (read.ok) {
      delivery.reply = read.reply;
      delivery.outcome = read.reply ? 'replied' : 'success';
    } else {
      delivery.failure = 'invalid_reply';
      delivery.failureDetail = read.reason;
    }
    break;
  }
  delivery.finishedAt = ctx.now();
  return delivery;
}

type Answer =
  | { kind: 'ok'; status: number; body: string }
  | { kind: 'error'; error: 'timeout' | 'network' | 'http_status'; status?: number };

async function post(url: string, body: string, timeoutMs: number): Promise<Answer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      signal: controller.signal,
    });
    const text = await res.text();
    // WeChat treats an HTTP error like no answer: the push is tried again.
    if (res.status < 200 || res.status >= 300) return { kind: 'error', error: 'http_status', status: res.status };
    return { kind: 'ok', status: res.status, body: text };
  } catch {
    return { kind: 'error', error: controller.signal.aborted ? 'timeout' : 'network' };
  } finally {
    clearTimeout(timer);
  }
}

const REPLY_TYPES = new Set(['text', 'image', 'voice', 'video', 'music', 'news', 'transfer_customer_service']);

/** `success`/empty → null; a well-formed reply for this user → parsed; anything else → the reason it is refused. */
export function readReply(
  ctx: Pick<PushContext, 'token' | 'appId' | 'encodingAesKey' | 'originalId'>,
  body: string,
  openid: string,
  mode: PushMode,
): { ok: true; reply: ParsedReply | null } | { ok: false; reason: string } {
  let xml: string | null;
  try {
    if (
      mode === 'safe' &&
      body.trim() !== '' &&
      body.trim() !== 'success' &&
      parseXml(body.trim()).Encrypt === undefined
    ) {
      return { ok: false, reason: 'safe mode expects an encrypted reply' };
    }
    xml = openReply({
      body,
      token: ctx.token,
      appId: ctx.appId,
      aesKey: mode === 'plaintext' ? undefined : ctx.encodingAesKey,
    });
  } catch (err) {
    return { ok: false, reason: `unreadable reply: ${(err as Error).message}` };
  }
  if (xml === null) return { ok: true, reply: null };
  let fields: Record<string, string>;
  try {
    fields = parseXml(xml);
  } catch (err) {
    return { ok: false, reason: `malformed reply XML: ${(err as Error).message}` };
  }
  const msgType = fields.MsgType ?? '';
  if (!REPLY_TYPES.has(msgType)) return { ok: false, reason: `unsupported MsgType ${JSON.stringify(msgType)}` };
  if (fields.ToUserName !== openid) return { ok: false, reason: 'ToUserName is not the user' };
  if (fields.FromUserName !== ctx.originalId) return { ok: false, reason: 'FromUserName is not the account' };
  if (!/^\d+$/.test(fields.CreateTime ?? '')) return { ok: false, reason: 'CreateTime missing' };
  if (msgType === 'text') {
    if (fields.Content === undefined) return { ok: false, reason: 'text reply without Content' };
    return { ok: true, reply: { msgType, text: fields.Content, xml } };
  }
  if (msgType === 'news') {
    const articles = readArticles(fields.Articles);
    if (!articles.length) return { ok: false, reason: 'news reply without Articles' };
    return { ok: true, reply: { msgType, text: articles[0].title, articles, xml } };
  }
  return { ok: true, reply: { msgType, text: null, xml } };
}

function readArticles(json: string | undefined): NewsArticle[] {
  if (!json) return [];
  try {
    const parsed = JSON.parse(json) as { item?: unknown };
    const items = Array.isArray(parsed.item) ? parsed.item : parsed.item ? [parsed.item] : [];
    return items.map((raw) => {
      const item = raw as Record<string, unknown>;
      const str = (v: unknown) => (typeof v === 'string' ? v : '');
      return {
        title: str(item.Title),
        description: str(item.Description),
        url: str(item.Url),
        picUrl: str(item.PicUrl),
      };
    });
  } catch {
    return [];
  }
}
