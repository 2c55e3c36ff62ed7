import { decryptMessage, encryptMessage, type AesKeyInput } from './crypto';
import { WeChatCryptoError } from './errors';
import { computeSignature, verifySignature } from './signature';
import type { WebhookRequest } from './webhook';
import { buildXml, parseXml } from './xml';

export type PushMode = 'plaintext' | 'compatible' | 'safe';

/**
 * Signs (and in compatible/safe mode encrypts) a push the way WeChat's servers do, for the simulator
 * and tests: one implementation of the protocol for both sides.
 *
 * @example buildPushRequest({ token, messageXml, timestamp: '1714037059', nonce: '486452656' })
 */
export function buildPushRequest(opts: {
  token: string;
  messageXml: string;
  timestamp: string;
  nonce: string;
  mode?: PushMode;
  appId?: string;
  aesKey?: AesKeyInput;
  openid?: string;
  random?: Buffer;
}): WebhookRequest {
  const mode = opts.mode ?? 'plaintext';
  const query: Record<string, string> = {
    signature: computeSignature(opts.token, opts.timestamp, opts.nonce),
    timestamp: opts.timestamp,
    nonce: opts.nonce,
  };
  if (opts.openid) query.openid = opts.openid;
  if (mode === 'plaintext') return { method: 'POST', query, rawBody: opts.messageXml };

  if (!opts.appId || opts.aesKey === undefined) {
    throw new WeChatCryptoError('bad_input', 'appId and aesKey are required in compatible and safe mode');
  }
  const encrypt = encryptMessage({
    aesKey: opts.aesKey,
    appId: opts.appId,
    message: opts.messageXml,
    random: opts.random,
  });
  query.encrypt_type = 'aes';
  query.msg_signature = computeSignature(opts.token, opts.timestamp, opts.nonce, encrypt);
  const inner = parseXml(opts.messageXml);
  const rawBody =
    mode === 'safe'
      ? buildXml({ ToUserName: inner.ToUserName ?? '', Encrypt: encrypt })
      : opts.messageXml.replace(/<\/xml>\s*$/, () => `${buildXml({ Encrypt: encrypt }).slice(5, -6)}</xml>`);
  return { method: 'POST', query, rawBody };
}

/**
 * Reads a webhook answer as WeChat would: `success`/empty → null, plain XML as is, and an encrypted
 * envelope verified (MsgSignature) and decrypted. Throws on a bad signature or ciphertext.
 */
export function openReply(opts: { body: string; token: string; appId?: string; aesKey?: AesKeyInput }): string | null {
  const body = opts.body.trim();
  if (body === '' || body === 'success') return null;
  const fields = parseXml(body);
  if (fields.Encrypt === undefined) return body;
  if (!opts.appId || opts.aesKey === undefined) {
    throw new WeChatCryptoError('bad_input', 'appId and aesKey are required to open an encrypted reply');
  }
  const timestamp = fields.TimeStamp ?? '';
  const nonce = fields.Nonce ?? '';
  if (!verifySignature(fields.MsgSignature, opts.token, timestamp, nonce, fields.Encrypt)) {
    throw new WeChatCryptoError('bad_signature', 'reply MsgSignature does not match');
  }
  return decryptMessage({ aesKey: opts.aesKey, appId: opts.appId, encrypted: fields.Encrypt });
}
