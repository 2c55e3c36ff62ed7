import { createHash, randomBytes } from 'node:crypto';
import { decodeAesKey, decryptMessage } from './crypto';
import { WeChatCryptoError, WeChatXmlError } from './errors';
import { dedupKey, normalizeMessage, type WeChatMessage } from './events';
import { encryptReply, textReply } from './replies';
import { randomNonce, verifySignature } from './signature';
import { MAX_XML_BYTES, parseXml, type XmlFields } from './xml';

/**
 * Remembers signed queries. Plaintext mode signs only the query, so the handler stores
 * (timestamp, nonce, signature) → sha256(body): the same body again is a retry ('same'), another body
 * with that signature is a forgery ('conflict'). Encrypted pushes that carry `signature` are recorded
 * too, so their query cannot be reused for a plaintext push.
 */
export interface ReplayStore {
  remember(key: string, bodyHash: string, ttlSeconds: number): Promise<'new' | 'same' | 'conflict'>;
}

export type DedupClaim = { state: 'claimed' } | { state: 'done'; reply: string } | { state: 'busy' };

/**
 * One row per dedup key. `claim` takes a lease (or returns the stored reply, or 'busy' while another
 * live lease exists); a lease older than `leaseMs` may be claimed again, so a crash loses nothing.
 */
export interface DedupStore {
  claim(key: string, leaseMs: number, ttlSeconds: number): Promise<DedupClaim>;
  complete(key: string, reply: string): Promise<void>;
  /** Processing failed: let a retry try again. */
  release(key: string): Promise<void>;
}

/** What `onAdmittedMessage` is handed: the records the webhook would otherwise write on its own first. */
export interface Admission {
  /** The signed query to remember (as `ReplayStore.remember`), or null when the push carries none. */
  replay: { key: string; bodyHash: string; ttlSeconds: number } | null;
  /** The push's dedup claim (as `DedupStore.claim`). */
  dedup: { key: string; leaseMs: number; ttlSeconds: number };
  /**
   * Milliseconds left before the webhook answers without a 2xx (its deadline): work still waiting then
   * should give up rather than commit after WeChat was told to deliver again.
   */
  budgetMs: number;
}

/**
 * How `onAdmittedMessage` ended: the replay record refused the push (nothing else ran), the dedup claim
 * found another attempt at work or its stored reply (as `DedupStore.claim` returns it), or the push was
 * claimed and handled.
 */
export type Admitted =
  | { replay: 'conflict' }
  | { dedup: 'busy' }
  | { dedup: 'done'; reply: string }
  | { outcome: MessageOutcome };

/** What the HTTP adapter passes in: the method, the parsed query string and the body as read (UTF-8). */
export interface WebhookRequest {
  method: string;
  query: Record<string, string | undefined>;
  rawBody: string;
  /** The query string exactly as received (without `?`), for relaying a push unchanged. */
  rawQuery?: string;
}

/** What `onMessage` returns for a push that is not this app's: hand it to `relay`. */
export const RELAY = Object.freeze({ relay: true as const });
export type MessageOutcome = string | null | typeof RELAY;

/**
 * Forwards a verified push, byte for byte (query and body), to another server and returns its answer's
 * body — a passive reply as that server built it (encrypted in safe mode) — or null for none. Must
 * settle by `signal` (the relay deadline).
 */
export type RelayFn = (push: { rawQuery: string; rawBody: string }, signal: AbortSignal) => Promise<string | null>;

export interface WebhookResult {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The verified message, when the request got that far. */
  message?: WeChatMessage;
  /** Why the request was refused (status ≥ 400); log it. */
  errorCode?: string;
}

export interface WebhookHandlerOptions {
  token: string;
  appId: string;
  /** Enables compatible/safe mode (`encrypt_type=aes`). */
  encodingAesKey?: string;
  /** Accepted clock skew of `timestamp`, both directions; 0 disables the check. */
  timestampWindowSeconds: number;
  replay: ReplayStore;
  dedup: DedupStore;
  /**
   * Returns the text of a passive reply, null to answer `success`, or `RELAY` to forward the push
   * through `relay` (without one, `RELAY` answers `success`).
   */
  onMessage: (msg: WeChatMessage) => Promise<MessageOutcome>;
  /**
   * Optional, for a store that can write the push's replay record and dedup claim in the same database
   * round trip as the handling itself: called first for every push, with those records unwritten (the
   * replay record is then checked after the body is parsed). It must record and claim before it acts,
   * and act only when the claim is taken. null declines: the push goes the usual way (replay, claim,
   * onMessage).
   */
  onAdmittedMessage?: (msg: WeChatMessage, admission: Admission) => Promise<Admitted | null>;
  relay?: RelayFn;
  /** How long a relayed push may take before WeChat gets `success` instead. Default 3000, well inside 5 s. */
  relayTimeoutMs?: number;
  /** Current time in ms since the epoch. */
  now?: () => number;
  random?: (n: number) => Buffer;
  /** Unexpected failures (onMessage threw, a store failed). The context holds no secrets and no openid. */
  onError?: (err: unknown, context: object) => void;
  /**
   * Accept plaintext pushes (no `encrypt_type=aes`). Defaults to true without an EncodingAESKey and
   * false with one: WeChat's compatible and safe modes always send `Encrypt` (WeChat docs,
   * 消息加解密说明 — "兼容模式：公众平台发送消息内容将同时包括明文和密文", "安全模式：… 只含有密文",
   * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html),
   * and a plaintext push's body is unsigned, so once the account has a key a plaintext request can only be
   * a replayed query with a forged body.
   */
  allowPlaintext?: boolean;
  /** Answer no later than this after the request arrived (WeChat gives up at 5 s). Default 4500. */
  deadlineMs?: number;
  /** How long a claim protects a message being processed. Default 5000 (a crashed claim is retried by WeChat's next attempt). */
  leaseMs?: number;
  /** How long a retry waits for the first attempt's reply. Default 3000. */
  busyWaitMs?: number;
  busyPollMs?: number;
  /** Default: 2 × window + 60 s (a timestamp accepted at +window stays acceptable until −window); 1 day when the window is 0. */
  replayTtlSeconds?: number;
  /** Default: like replayTtlSeconds. */
  dedupTtlSeconds?: number;
}

export type WebhookHandler = (req: WebhookRequest) => Promise<WebhookResult>;

const SUCCESS = 'success';
// Marks a stored reply that is a relayed server's answer: sent back as is, never re-encrypted.
const RELAYED = '\u0000relayed:';
const TEXT = 'text/plain; charset=utf-8';
const XML = 'application/xml; charset=utf-8';
const TIMESTAMP = /^\d{1,12}$/;

/**
 * Creates the `/api/wechat` handler: GET answers the server-configuration handshake; POST verifies,
 * decrypts, parses, dedupes and answers a push. Never throws: every outcome is a `WebhookResult`.
 *
 * @example
 * const handle = createWebhookHandler({ token, appId, timestampWindowSeconds: 300, replay, dedup, onMessage });
 * const result = await handle({ method: req.method, query, rawBody });
 */
export function createWebhookHandler(opts: WebhookHandlerOptions): WebhookHandler {
  const aesKey = opts.encodingAesKey ? decodeAesKey(opts.encodingAesKey) : undefined;
  const allowPlaintext = opts.allowPlaintext ?? aesKey === undefined;
  const now = opts.now ?? Date.now;
  const random = opts.random ?? randomBytes;
  const deadlineMs = opts.deadlineMs ?? 4500;
  const leaseMs = opts.leaseMs ?? 5000;
  const busyWaitMs = opts.busyWaitMs ?? 3000;
  const busyPollMs = opts.busyPollMs ?? 100;
  const windowSeconds = Math.max(0, opts.timestampWindowSeconds);
  const defaultTtl = windowSeconds > 0 ? 2 * windowSeconds + 60 : 86_400;
  const replayTtl = opts.replayTtlSeconds ?? defaultTtl;
  const dedupTtl = opts.dedupTtlSeconds ?? defaultTtl;

  const report = (err: unknown, context: object) => {
    try {
      opts.onError?.(err, context);
    } catch {
      // A failing logger must not turn into a failed webhook.
    }
  };

  return async (req) => {
    const started = Date.now();
    try {
      const method = typeof req?.method === 'string' ? req.method.toUpperCase() : '';
      const query = cleanQuery(req?.query);
      const rawBody = typeof req?.rawBody === 'string' ? req.rawBody : '';
      if (method === 'GET') return await verifyUrl(query);
      if (method !== 'POST') return refuse(405, 'method_not_allowed', 'use GET or POST', { Allow: 'GET, POST' });
      const rawQuery =
        typeof req?.rawQuery === 'string'
          ? req.rawQuery
          : new URLSearchParams(query as Record<string, string>).toString();
      return await receive(query, rawBody, started, rawQuery);
    } catch (err) {
      report(err, { stage: 'webhook' });
      return refuse(500, 'internal_error', 'the push could not be handled');
    }
  };

  /**
   * The server-configuration handshake (WeChat docs, 接入指南: sha1 of the sorted token, timestamp and
   * nonce). Its query is the same `signature` a plaintext push carries, so a handshake URL seen in a
   * proxy log could sign a forged POST: the timestamp window applies here too, and the triple is recorded
   * in the replay store under a value no push body hashes to.
   */
  async function verifyUrl(query: Query): Promise<WebhookResult> {
    const { timestamp, nonce, signature } = query;
    if (!verifySignature(signature, opts.token, timestamp, nonce)) {
      return refuse(401, 'bad_signature', 'signature does not match');
    }
    if (timestamp === undefined || nonce === undefined || !TIMESTAMP.test(timestamp)) {
      return refuse(401, 'bad_signature', 'timestamp and nonce are required');
    }
    if (outsideWindow(timestamp)) return refuse(401, 'stale_timestamp', 'timestamp is outside the accepted window');
    if (query.echostr === undefined) return refuse(400, 'missing_echostr', 'echostr is required');
    const seen = await opts.replay.remember(
      replayKey(timestamp, nonce, signature!),
      `handshake:${hashBody(query.echostr)}`,
      replayTtl,
    );
    if (seen === 'conflict') return refuse(403, 'replayed_signature', 'this signature was already used');
    return { status: 200, headers: { 'Content-Type': TEXT, 'X-Content-Type-Options': 'nosniff' }, body: query.echostr };
  }

  function outsideWindow(timestamp: string): boolean {
    return windowSeconds > 0 && Math.abs(Math.floor(now() / 1000) - Number(timestamp)) > windowSeconds;
  }

  async function receive(query: Query, rawBody: string, started: number, rawQuery: string): Promise<WebhookResult> {
    const encryptType = query.encrypt_type;
    if (encryptType !== undefined && encryptType !== 'aes' && encryptType !== 'raw') {
      return refuse(400, 'bad_encrypt_type', 'encrypt_type must be aes or raw');
    }
    // Without a key, a compatible-mode push is read through its plaintext copy.
    const encrypted = encryptType === 'aes' && aesKey !== undefined;
    if (!encrypted && !allowPlaintext) return refuse(401, 'plaintext_refused', 'this account expects encrypted pushes');

    const { timestamp, nonce, signature } = query;
    // With onAdmittedMessage the replay record travels with the push's own round trip (see answer()).
    let replay: Admission['replay'] = null;
    const remember = async (key: string, bodyHash: string) => {
      if (!opts.onAdmittedMessage) return opts.replay.remember(key, bodyHash, replayTtl);
      replay = { key, bodyHash, ttlSeconds: replayTtl };
      return 'new' as const;
    };
    if (encrypted) {
      if (!query.msg_signature) return refuse(401, 'bad_signature', 'msg_signature is required');
      if (signature !== undefined && !verifySignature(signature, opts.token, timestamp, nonce)) {
        return refuse(401, 'bad_signature', 'signature does not match');
      }
    } else if (!verifySignature(signature, opts.token, timestamp, nonce)) {
      return refuse(401, 'bad_signature', 'signature does not match');
    }
    if (timestamp === undefined || nonce === undefined || !TIMESTAMP.test(timestamp)) {
      return refuse(401, 'bad_signature', 'timestamp and nonce are required');
    }
    if (outsideWindow(timestamp)) return refuse(401, 'stale_timestamp', 'timestamp is outside the accepted window');
    if (rawBody.length > MAX_XML_BYTES || Buffer.byteLength(rawBody, 'utf8') > MAX_XML_BYTES) {
      return refuse(413, 'too_large', `body exceeds ${MAX_XML_BYTES} bytes`);
    }

    let fields: XmlFields;
    if (encrypted) {
      const outer = readXml(rawBody);
      if (!outer.ok) return outer.result;
      const encrypt = outer.fields.Encrypt;
      if (!encrypt) return refuse(400, 'missing_encrypt', 'Encrypt is required');
      if (!verifySignature(query.msg_signature, opts.token, timestamp, nonce, encrypt)) {
        return refuse(401, 'bad_signature', 'msg_signature does not match');
      }
      // Remember the query too: if plaintext is also allowed, this (timestamp, nonce, signature) can no
      // longer be replayed with a forged plaintext body.
      if (signature !== undefined) {
        const seen = await remember(replayKey(timestamp, nonce, signature), hashBody(rawBody));
        if (seen === 'conflict')
          return refuse(403, 'replayed_signature', 'this signature was already used for another body');
      }
      let inner: string;
      try {
        inner = decryptMessage({ aesKey: aesKey!, appId: opts.appId, encrypted: encrypt });
      } catch (err) {
        if (err instanceof WeChatCryptoError)
          return refuse(400, `decrypt_${err.code}`, 'Encrypt could not be decrypted');
        throw err;
      }
      const parsed = readXml(inner);
      if (!parsed.ok) return parsed.result;
      fields = parsed.fields;
    } else {
      const seen = await remember(replayKey(timestamp, nonce, signature!), hashBody(rawBody));
      if (seen === 'conflict')
        return refuse(403, 'replayed_signature', 'this signature was already used for another body');
      const parsed = readXml(rawBody);
      if (!parsed.ok) return parsed.result;
      fields = parsed.fields;
    }

    let message: WeChatMessage;
    try {
      message = normalizeMessage(fields);
    } catch (err) {
      if (err instanceof WeChatXmlError) return refuse(400, err.code, err.message);
      throw err;
    }
    // Other kinds (images, locations, unlisted events) reach onMessage too: it may relay them or act on them.
    const remaining = Math.max(0, deadlineMs - (Date.now() - started));
    const state = { abandoned: false };
    const work = answer(message, encrypted, state, started + deadlineMs, { rawQuery, rawBody }, replay);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<WebhookResult>((resolve) => {
      timer = setTimeout(() => {
        // Not committed yet: answering `success` would tell WeChat the push was handled, and a crash
        // now would lose it. No 2xx, so WeChat delivers it again; the work goes on and stores its reply
        // for that retry, or its claim lapses and the retry does the work.
        state.abandoned = true;
        resolve(retryLater(message, 'deadline', 'still working; deliver again'));
      }, remaining);
    });
    try {
      return await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function answer(
    message: WeChatMessage,
    encrypted: boolean,
    state: { abandoned: boolean },
    deadline: number,
    push: { rawQuery: string; rawBody: string },
    replay: Admission['replay'],
  ): Promise<WebhookResult> {
    const key = dedupKey(message);
    if (opts.onAdmittedMessage) {
      let admitted: Admitted | null;
      try {
        admitted = await opts.onAdmittedMessage(message, {
          replay,
          dedup: { key, leaseMs, ttlSeconds: dedupTtl },
          budgetMs: deadline - Date.now(),
        });
      } catch (err) {
        return failed(message, key, err);
      }
      if (admitted === null) {
        if (replay) {
          const seen = await opts.replay.remember(replay.key, replay.bodyHash, replay.ttlSeconds);
          if (seen === 'conflict')
            return refuse(403, 'replayed_signature', 'this signature was already used for another body');
        }
      } else if ('replay' in admitted) {
        return refuse(403, 'replayed_signature', 'this signature was already used for another body');
      } else if ('outcome' in admitted) {
        const { outcome } = admitted;
        return handled(message, key, encrypted, push, deadline, async () => outcome);
      } else if (admitted.dedup === 'done') {
        return reply(message, admitted.reply, encrypted);
      }
      // 'busy': wait for the other attempt below, as a retry does.
    }
    const context = { stage: 'dedup', kind: message.kind };
    let claim: Awaited<ReturnType<DedupStore['claim']>>;
    try {
      claim = await opts.dedup.claim(key, leaseMs, dedupTtl);
      // A retry while the first attempt still works: wait for its reply, or for its lease to lapse.
      const waitUntil = Math.min(Date.now() + busyWaitMs, deadline);
      while (claim.state === 'busy' && !state.abandoned && Date.now() + busyPollMs < waitUntil) {
        await sleep(busyPollMs);
        claim = await opts.dedup.claim(key, leaseMs, dedupTtl);
      }
    } catch (err) {
      report(err, context);
      return refuse(500, 'store_unavailable', 'the push could not be recorded');
    }
    // Another attempt still holds a live claim: its outcome is not known yet, so nothing is acknowledged.
    if (claim.state === 'busy') return retryLater(message, 'in_progress', 'another attempt is still working');
    if (claim.state === 'done') return reply(message, claim.reply, encrypted);
    return handled(message, key, encrypted, push, deadline, () => opts.onMessage(message));
  }

  /** A claimed push: its outcome becomes the reply, stored for WeChat's retries, then sent. */
  async function handled(
    message: WeChatMessage,
    key: string,
    encrypted: boolean,
    push: { rawQuery: string; rawBody: string },
    deadline: number,
    work: () => Promise<MessageOutcome>,
  ): Promise<WebhookResult> {
    let replyXml: string;
    try {
      const content = await work();
      if (typeof content === 'object' && content?.relay === true) replyXml = await relayed(push, deadline);
      else
        replyXml =
          typeof content === 'string' && content !== ''
            ? textReply({
                toUser: message.fromUserName,
                fromUser: message.toUserName,
                content,
                createTime: Math.floor(now() / 1000),
              })
            : SUCCESS;
    } catch (err) {
      return failed(message, key, err);
    }
    await opts.dedup
      .complete(key, replyXml)
      .catch((err: unknown) => report(err, { stage: 'complete', kind: message.kind }));
    return reply(message, replyXml, encrypted);
  }

  /** The handler failed: free the claim so that WeChat's next delivery does the work. */
  async function failed(message: WeChatMessage, key: string, err: unknown): Promise<WebhookResult> {
    report(err, { stage: 'onMessage', kind: message.kind });
    await opts.dedup
      .release(key)
      .catch((releaseErr: unknown) => report(releaseErr, { stage: 'release', kind: message.kind }));
    return retryLater(message, 'handler_failed', 'the push could not be handled; deliver again');
  }

  /** The relay target's answer, marked as such, or `success` when it has none in time. */
  async function relayed(push: { rawQuery: string; rawBody: string }, deadline: number): Promise<string> {
    if (!opts.relay) return SUCCESS;
    // Leave room to answer WeChat after the relay gives up.
    const budget = Math.min(opts.relayTimeoutMs ?? 3000, deadline - Date.now() - 250);
    if (budget <= 0) return SUCCESS;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), budget);
    try {
      const body = await Promise.race([
        opts.relay(push, controller.signal),
        new Promise<null>((resolve) => controller.signal.addEventListener('abort', () => resolve(null))),
      ]);
      const trimmed = body?.trim() ?? '';
      return trimmed === '' || trimmed === SUCCESS ? SUCCESS : RELAYED + trimmed;
    } catch (err) {
      report(err, { stage: 'relay' });
      return SUCCESS;
    } finally {
      clearTimeout(timer);
    }
  }

  function reply(message: WeChatMessage, replyXml: string, encrypted: boolean): WebhookResult {
    if (replyXml === SUCCESS || replyXml === '') return success(message);
    if (replyXml.startsWith(RELAYED))
      return { status: 200, headers: { 'Content-Type': XML }, body: replyXml.slice(RELAYED.length), message };
    const body = encrypted
      ? encryptReply({
          aesKey: aesKey!,
          appId: opts.appId,
          token: opts.token,
          replyXml,
          timestamp: String(Math.floor(now() / 1000)),
          nonce: randomNonce(random),
          random: random(16),
        })
      : replyXml;
    return { status: 200, headers: { 'Content-Type': XML }, body, message };
  }
}

type Query = Partial<Record<string, string>>;

function cleanQuery(query: unknown): Query {
  const out: Query = Object.create(null);
  if (typeof query !== 'object' || query === null) return out;
  for (const [name, value] of Object.entries(query)) {
    // A repeated parameter is ambiguous: treat it as absent rather than pick one.
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

function replayKey(timestamp: string, nonce: string, signature: string): string {
  return `${timestamp}:${nonce}:${signature}`;
}

function hashBody(rawBody: string): string {
  return createHash('sha256').update(rawBody, 'utf8').digest('hex');
}

function readXml(body: string): { ok: true; fields: XmlFields } | { ok: false; result: WebhookResult } {
  try {
    return { ok: true, fields: parseXml(body) };
  } catch (err) {
    if (err instanceof WeChatXmlError) {
      return { ok: false, result: refuse(err.code === 'too_large' ? 413 : 400, err.code, err.message) };
    }
    throw err;
  }
}

function success(message?: WeChatMessage): WebhookResult {
  return { status: 200, headers: { 'Content-Type': TEXT }, body: SUCCESS, ...(message ? { message } : {}) };
}

/** A 503: the push was not (yet) handled, and WeChat's next delivery of it will be. */
function retryLater(message: WeChatMessage, code: string, text: string): WebhookResult {
  return { ...refuse(503, code, text, { 'Retry-After': '0' }), message };
}

function refuse(status: number, code: string, message: string, headers: Record<string, string> = {}): WebhookResult {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify({ error: { code, message } }),
    errorCode: code,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
