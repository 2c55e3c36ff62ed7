import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { maskOpenid } from '../lib/log';
import type { WebhookOutcome } from '../lib/metrics/recorder';
import { admitWeChatMessage, handleWeChatMessage } from '../lib/inbox/handle-wechat-message';
import type { Services } from '../lib/services';
import { isAppError } from '../lib/errors';
import { t } from '../lib/i18n';
import { pooledRandomBytes } from '../lib/random';
import { createWebhookHandler, MAX_XML_BYTES, type MessageOutcome, type WeChatMessage } from '../lib/wechat';
import { sealedDedupStore } from './sealed-dedup';
import { BodyTimeoutError, BodyTooLargeError, queryOf, readBody, send } from './http-util';

/** WeChat sends a push of a few KB at once; a body still arriving after this is a slow-loris sender. */
const BODY_TIMEOUT_MS = 5000;
import { createRelay } from './relay';

/** The webhook request being handled: when it arrived, and whether its handler failed. */
export const webhookRequest = new AsyncLocalStorage<{ receivedAt: number; failed: boolean }>();

/** The health page's "last webhook received" is written at most this often. */
const LAST_WEBHOOK_WRITE_MS = 5_000;

/**
 * GET/POST /api/wechat: the HTTP adapter around lib/wechat's framework-agnostic handler. `pushed`
 * resolves once the pushes a handler made have left this instance (see publishBarrier).
 */
export function createWebhook(services: Services, pushed: () => Promise<void> = async () => {}) {
  const { config, repos, log, metrics } = services;
  let lastWritten = 0;
  const dedup = sealedDedupStore(repos.dedup, config.appSecret);
  const handle = createWebhookHandler({
    token: config.wechat.token,
    appId: config.wechat.appId,
    encodingAesKey: config.wechat.encodingAesKey,
    timestampWindowSeconds: config.wechat.timestampWindowSeconds,
    // With WECHAT_ENCODING_AES_KEY set only pushes carrying `Encrypt` are accepted (compatible and safe
    // mode always send it: WeChat docs, 消息加解密说明); plaintext stays for accounts without a key.
    allowPlaintext: config.wechat.encodingAesKey === undefined,
    replay: repos.replay,
    dedup,
    onMessage: (msg) => replyTo(msg),
    // PostgreSQL: a scan's replay record, dedup claim and handling in one round trip.
    onAdmittedMessage: repos.scanCall
      ? async (msg, admission) => {
          try {
            const admitted = await admitWeChatMessage(services, msg, admission);
            if (admitted && 'reply' in admitted)
              return { dedup: 'done', reply: dedup.open(admission.dedup.key, admitted.reply) };
            // Handled here: acknowledged only once its pushes left this instance, as in replyTo.
            if (admitted && 'outcome' in admitted) await pushed();
            return admitted;
          } catch (err) {
            return { outcome: refusal(msg, err) };
          }
        }
      : undefined,
    relay: config.relayUrl ? createRelay(config.relayUrl, log) : undefined,
    // WeChat waits 5 s; the site's server gets 3 s, leaving WeBind time to answer `success` instead.
    relayTimeoutMs: 3000,
    // Handling takes milliseconds; a claim older than 2 s belongs to a dead or stuck instance. A
    // redelivery that finds a live claim waits past that lease (within WeChat's 5 s) and takes the work
    // over rather than acknowledging work that may have died with another instance. The domain is
    // idempotent, so a slow first handler and its successor do not bind twice.
    leaseMs: 2000,
    busyWaitMs: 4000,
    now: () => services.now(),
    random: pooledRandomBytes,
    onError: (err, context) => {
      const current = webhookRequest.getStore();
      if (current) current.failed = true;
      log.error({ err, ...context }, 'webhook handler failed');
    },
  });

  /** The WeChat transport's one error mapping: a domain refusal becomes the user's reply; anything else fails. */
  async function replyTo(msg: WeChatMessage): Promise<MessageOutcome> {
    try {
      const outcome = await handleWeChatMessage(services, msg);
      // Not acknowledged (and not marked done) before its pushes reached the other instances: if this
      // instance dies first, WeChat's retry finds the scene already moved and pushes it again.
      await pushed();
      return outcome;
    } catch (err) {
      return refusal(msg, err);
    }
  }

  function refusal(msg: WeChatMessage, err: unknown): string {
    if (!isAppError(err)) throw err;
    log.info({ code: err.code, openid: maskOpenid(msg.fromUserName) }, 'webhook message refused');
    return t('zh', `error.${err.code}`, err.params);
  }

  // One structured line per request: outcome, status, duration, message kind, masked openid.
  return (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const state = { receivedAt: performance.now(), failed: false };
    return webhookRequest.run(state, async () => {
      const result = await handleOne(req, res);
      const durationMs = Math.round((performance.now() - state.receivedAt) * 10) / 10;
      const outcome: WebhookOutcome =
        result.status >= 500
          ? 'error'
          : result.status >= 400
            ? 'refused'
            : state.failed
              ? 'failed'
              : req.method === 'GET'
                ? 'handshake'
                : 'handled';
      metrics.webhook(outcome, durationMs);
      if (result.kind) metrics.event(result.kind);
      log.info(
        {
          webhook: outcome,
          status: result.status,
          durationMs,
          ...(result.kind ? { kind: result.kind } : {}),
          ...(result.openid ? { openid: maskOpenid(result.openid) } : {}),
          ...(result.code ? { code: result.code } : {}),
        },
        'webhook',
      );
      const at = services.now();
      if (outcome !== 'refused' && at - lastWritten >= LAST_WEBHOOK_WRITE_MS) {
        lastWritten = at;
        void services.db.ops
          .setState('webhook.last', { at, outcome, durationMs, kind: result.kind ?? null }, at)
          .catch((err: unknown) => log.warn({ err }, 'could not record the last webhook'));
      }
    });
  };

  async function handleOne(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<{ status: number; kind?: string; openid?: string; code?: string }> {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'POST') {
      send(res, 405, 'method not allowed', { allow: 'GET, POST', 'content-type': 'text/plain' });
      return { status: 405, code: 'method_not_allowed' };
    }
    let rawBody = '';
    if (method === 'POST') {
      try {
        rawBody = (await readBody(req, MAX_XML_BYTES, BODY_TIMEOUT_MS)).toString('utf8');
      } catch (err) {
        if (err instanceof BodyTimeoutError) {
          log.warn({ path: '/api/wechat' }, 'webhook body too slow');
          send(res, 408, 'request timeout', { 'content-type': 'text/plain', connection: 'close' });
          req.socket.destroySoon();
          return { status: 408, code: 'body_timeout' };
        }
        if (err instanceof BodyTooLargeError) {
          send(res, 413, 'body too large', { 'content-type': 'text/plain', connection: 'close' });
          return { status: 413, code: 'too_large' };
        }
        throw err;
      }
    }
    const url = req.url ?? '';
    const rawQuery = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
    const result = await handle({ method, query: queryOf(req.url), rawBody, rawQuery });
    send(res, result.status, result.body, result.headers);
    return {
      status: result.status,
      kind: result.message?.kind,
      openid: result.message?.fromUserName,
      code: result.errorCode,
    };
  }
}
