import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { WeChatCryptoError } from './errors';

/** A decoded 32-byte AES key, or the 43-character EncodingAESKey it comes from. */
export type AesKeyInput = Buffer | string;

const BLOCK = 32; // WeChat pads to 32 bytes, not AES's 16
const RANDOM_BYTES = 16;
const LENGTH_BYTES = 4;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const ENCODING_AES_KEY = /^[A-Za-z0-9+/]{43}$/;

/**
 * Decodes the 43-character EncodingAESKey (base64 without its trailing "=") to the 32-byte AES key.
 *
 * @example decodeAesKey('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG').length // 32
 */
export function decodeAesKey(encodingAesKey: string): Buffer {
  if (typeof encodingAesKey !== 'string' || !ENCODING_AES_KEY.test(encodingAesKey)) {
    throw new WeChatCryptoError('bad_key', 'EncodingAESKey must be 43 base64 characters');
  }
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new WeChatCryptoError('bad_key', 'EncodingAESKey must decode to 32 bytes');
  return key;
}

/** Accepts either form of the key and returns the 32-byte Buffer. */
export function toAesKey(aesKey: AesKeyInput): Buffer {
  if (typeof aesKey === 'string') return decodeAesKey(aesKey);
  if (!Buffer.isBuffer(aesKey) || aesKey.length !== 32) {
    throw new WeChatCryptoError('bad_key', 'AES key must be 32 bytes');
  }
  return aesKey;
}

/**
 * Encrypts a message the way WeChat does (WXBizMsgCrypt): 16 random bytes, 4-byte big-endian length,
 * the UTF-8 message and the appid, padded PKCS#7-style to 32 bytes, AES-256-CBC with IV = key[0..16].
 * Returns base64. `random` fixes the 16-byte prefix (tests only).
 */
export function encryptMessage(opts: { aesKey: AesKeyInput; appId: string; message: string; random?: Buffer }): string {
  const key = toAesKey(opts.aesKey);
  if (typeof opts.appId !== 'string' || opts.appId.length === 0) {
    throw new WeChatCryptoError('bad_input', 'appId is required');
  }
  if (typeof opts.message !== 'string') throw new WeChatCryptoError('bad_input', 'message must be a string');
  const random = opts.random ?? randomBytes(RANDOM_BYTES);
  if (!Buffer.isBuffer(random) || random.length !== RANDOM_BYTES) {
    throw new WeChatCryptoError('bad_input', 'random prefix must be 16 bytes');
  }
  const message = Buffer.from(opts.message, 'utf8');
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32BE(message.length, 0);
  const plain = Buffer.concat([random, length, message, Buffer.from(opts.appId, 'utf8')]);
  const pad = BLOCK - (plain.length % BLOCK);
  const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

/**
 * Decrypts WeChat's base64 `Encrypt` value and returns the message, after checking the padding,
 * the length field and that the trailing appid is ours. Throws `WeChatCryptoError` otherwise.
 */
export function decryptMessage(opts: { aesKey: AesKeyInput; appId: string; encrypted: string }): string {
  const key = toAesKey(opts.aesKey);
  const { encrypted } = opts;
  if (
    typeof encrypted !== 'string' ||
    encrypted.length === 0 ||
    encrypted.length % 4 !== 0 ||
    !BASE64.test(encrypted)
  ) {
    throw new WeChatCryptoError('bad_base64', 'ciphertext is not valid base64');
  }
  const data = Buffer.from(encrypted, 'base64');
  // Also catches base64 truncated on a 4-character boundary: no longer a whole number of blocks.
  if (data.length === 0 || data.length % 16 !== 0) {
    throw new WeChatCryptoError('bad_base64', 'ciphertext is not a whole number of AES blocks');
  }
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(data), decipher.final()]);
  } catch (cause) {
    throw new WeChatCryptoError('bad_padding', 'ciphertext could not be decrypted', { cause });
  }
  const pad = plain[plain.length - 1];
  if (pad < 1 || pad > BLOCK || pad > plain.length) throw new WeChatCryptoError('bad_padding', 'invalid padding');
  for (let i = plain.length - pad; i < plain.length; i++) {
    if (plain[i] !== pad) throw new WeChatCryptoError('bad_padding', 'invalid padding');
  }
  const content = plain.subarray(0, plain.length - pad);
  if (content.length < RANDOM_BYTES + LENGTH_BYTES) throw new WeChatCryptoError('bad_length', 'plaintext too short');
  const length = content.readUInt32BE(RANDOM_BYTES);
  const start = RANDOM_BYTES + LENGTH_BYTES;
  if (length > content.length - start) throw new WeChatCryptoError('bad_length', 'length field out of range');
  const appId = content.subarray(start + length);
  if (!appId.equals(Buffer.from(String(opts.appId), 'utf8'))) {
    throw new WeChatCryptoError('appid_mismatch', 'message was encrypted for another appid');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content.subarray(start, start + length));
  } catch (cause) {
    throw new WeChatCryptoError('bad_utf8', 'message is not valid UTF-8', { cause });
  }
}
