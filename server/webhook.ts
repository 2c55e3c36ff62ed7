import type { IncomingMessage, ServerResponse } from 'node:http';
import { maskOpenid } from '../lib/log';
import { handleWeChatMessage } from '../lib/scan/handle-wechat-message';
import type { Services } from '../lib/services';
import { createWebhookHandler, MAX_XML_BYTES } from '../lib/wechat';
import { BodyTooLargeError, queryOf, readBody, send } from './http-util';

/** GET/POST /api/wechat: the HTTP adapter around lib/wechat's framework-agnostic handler. */
export function createWebhook(services: Services) {
  const { config, repos, log } = services;
  const handle = createWebhookHandler({
    token: config.wechat.token,
    appId: config.wechat.appId,
    encodingAesKey: config.wechat.encodingAesKey,
    timestampWindowSeconds: config.wechat.timestampWindowSeconds,
    // With WECHAT_ENCODING_AES_KEY set only pushes carrying `Encrypt` are accepted (compatible and safe
    // mode always send it: WeChat docs, 消息加解密说明); plaintext stays for accounts without a key.
    allowPlaintext: config.wechat.encodingAesKey === undefined,
    replay: repos.replay,
    dedup: repos.dedup,
    onMessage: handleWeChatMessage,
    // Handling takes milliseconds; a claim older than 2 s belongs to a dead or stuck instance. A
    // redelivery that finds a live claim waits past that lease (within WeChat's 5 s) and takes the work
    // over rather than acknowledging work that may have died with another instance. The domain is
    // idempotent, so a slow first handler and its successor do not bind twice.
    leaseMs: 2000,
    busyWaitMs: 4000,
    now: () => services.now(),
    onError: (err, context) => log.error({ err, ...context }, 'webhook handler failed'),
  });

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'POST')
      return send(res, 405, 'method not allowed', { allow: 'GET, POST', 'content-type': 'text/plain' });
    let rawBody = '';
    if (method === 'POST') {
      try {
        rawBody = (await readBody(req, MAX_XML_BYTES)).toString('utf8');
      } catch (err) {
        if (err instanceof BodyTooLargeError) {
          log.warn({ path: '/api/wechat' }, 'webhook body over the size cap');
          return send(res, 413, 'body too large', { 'content-type': 'text/plain', connection: 'close' });
        }
        throw err;
      }
    }
    const result = await handle({ method, query: queryOf(req.url), rawBody });
    if (result.status >= 400) log.warn({ status: result.status, code: result.errorCode }, 'webhook request refused');
    else if (result.message)
      log.debug({ kind: result.message.kind, openid: maskOpenid(result.message.fromUserName) }, 'webhook message');
    send(res, result.status, result.body, result.headers);
  };
}
