import { encryptMessage, type AesKeyInput } from './crypto';
import { computeSignature } from './signature';
import { buildXml } from './xml';

/**
 * A passive text reply. `toUser` is the user's openid (the push's FromUserName) and `fromUser` the
 * account's id (the push's ToUserName).
 */
export function textReply(opts: { toUser: string; fromUser: string; content: string; createTime: number }): string {
  return buildXml({
    ToUserName: opts.toUser,
    FromUserName: opts.fromUser,
    CreateTime: opts.createTime,
    MsgType: 'text',
    Content: opts.content,
  });
}

/**
 * Wraps a reply for compatible/safe mode: `<xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>`,
 * with MsgSignature = computeSignature(token, timestamp, nonce, encrypt).
 */
export function encryptReply(opts: {
  aesKey: AesKeyInput;
  appId: string;
  token: string;
  replyXml: string;
  timestamp: string | number;
  nonce: string;
  random?: Buffer;
}): string {
  const timestamp = String(opts.timestamp);
  const encrypt = encryptMessage({
    aesKey: opts.aesKey,
    appId: opts.appId,
    message: opts.replyXml,
    random: opts.random,
  });
  return buildXml({
    Encrypt: encrypt,
    MsgSignature: computeSignature(opts.token, timestamp, opts.nonce, encrypt),
    TimeStamp: /^[1-9]\d{0,14}$/.test(timestamp) ? Number(timestamp) : timestamp,
    Nonce: opts.nonce,
  });
}
