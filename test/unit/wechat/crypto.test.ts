import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import { describe, it } from 'node:test';
import { decodeAesKey, decryptMessage, encryptMessage, WeChatCryptoError } from '../../../lib/wechat';
import { JAVA_SAMPLE, OPENSSL_FULL_PAD_BLOCK, PYTHON_SAMPLE } from './vectors';

const key = decodeAesKey(JAVA_SAMPLE.encodingAesKey);
const appId = JAVA_SAMPLE.appId;
const random = Buffer.from(JAVA_SAMPLE.random);

function rejectsWith(code: string, fn: () => unknown) {
  assert.throws(fn, (err: unknown) => err instanceof WeChatCryptoError && err.code === code);
}

// Encrypts arbitrary bytes with the scheme's key and IV, to build hostile plaintexts.
function rawEncrypt(plain: Buffer): string {
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

function frame(message: Buffer, tailAppId: string, lengthField = message.length): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(lengthField);
  return Buffer.concat([random, length, message, Buffer.from(tailAppId)]);
}

function pad(buf: Buffer, padByte?: number): Buffer {
  const n = 32 - (buf.length % 32);
  return Buffer.concat([buf, Buffer.alloc(n, padByte ?? n)]);
}

describe('decodeAesKey', () => {
  it('decodes a 43-character EncodingAESKey to 32 bytes', () => {
    assert.equal(key.length, 32);
    assert.equal(key.toString('hex'), '69b71d79f8218a39259a7a29aabb2dbafc31cb3d35db7e39ebbf3d0010831051');
  });

  it('refuses a key of the wrong length or alphabet', () => {
    rejectsWith('bad_key', () => decodeAesKey(JAVA_SAMPLE.encodingAesKey.slice(0, 42)));
    rejectsWith('bad_key', () => decodeAesKey(`${JAVA_SAMPLE.encodingAesKey}A`));
    rejectsWith('bad_key', () => decodeAesKey(`${JAVA_SAMPLE.encodingAesKey.slice(0, 42)}=`));
    rejectsWith('bad_key', () => decodeAesKey(`${JAVA_SAMPLE.encodingAesKey.slice(0, 42)}-`));
    rejectsWith('bad_key', () => decodeAesKey(''));
  });

  it('refuses a Buffer key that is not 32 bytes', () => {
    rejectsWith('bad_key', () => encryptMessage({ aesKey: Buffer.alloc(16), appId, message: 'x' }));
  });
});

describe('encryptMessage', () => {
  it("reproduces Tencent's Java sample byte for byte", () => {
    assert.equal(
      encryptMessage({ aesKey: key, appId, message: JAVA_SAMPLE.replyMsg, random }),
      JAVA_SAMPLE.afterAesEncrypt,
    );
    assert.equal(
      encryptMessage({ aesKey: JAVA_SAMPLE.encodingAesKey, appId, message: JAVA_SAMPLE.replyMsg2, random }),
      JAVA_SAMPLE.afterAesEncrypt2,
    );
  });

  it('adds a whole 32-byte padding block when the plaintext is already aligned (OpenSSL-derived)', () => {
    const v = OPENSSL_FULL_PAD_BLOCK;
    assert.equal(
      encryptMessage({ aesKey: v.encodingAesKey, appId: v.appId, message: v.message, random: Buffer.from(v.random) }),
      v.encrypted,
    );
  });

  it('uses a fresh random prefix by default', () => {
    const a = encryptMessage({ aesKey: key, appId, message: 'same' });
    const b = encryptMessage({ aesKey: key, appId, message: 'same' });
    assert.notEqual(a, b);
  });

  it('refuses a random prefix that is not 16 bytes', () => {
    rejectsWith('bad_input', () => encryptMessage({ aesKey: key, appId, message: 'x', random: Buffer.alloc(15) }));
  });
});

describe('decryptMessage', () => {
  it("decrypts Tencent's samples", () => {
    assert.equal(decryptMessage({ aesKey: key, appId, encrypted: JAVA_SAMPLE.afterAesEncrypt }), JAVA_SAMPLE.replyMsg);
    assert.equal(
      decryptMessage({ aesKey: key, appId, encrypted: JAVA_SAMPLE.afterAesEncrypt2 }),
      JAVA_SAMPLE.replyMsg2,
    );
    assert.equal(
      decryptMessage({
        aesKey: PYTHON_SAMPLE.encodingAesKey,
        appId: PYTHON_SAMPLE.appId,
        encrypted: PYTHON_SAMPLE.encrypt,
      }),
      PYTHON_SAMPLE.decrypted,
    );
    const v = OPENSSL_FULL_PAD_BLOCK;
    assert.equal(decryptMessage({ aesKey: key, appId: v.appId, encrypted: v.encrypted }), v.message);
  });

  it('round-trips empty, emoji and long messages', () => {
    for (const message of ['', '😀 中文 ]]> <xml/>', 'x'.repeat(70_000)]) {
      const encrypted = encryptMessage({ aesKey: key, appId, message });
      assert.equal(decryptMessage({ aesKey: key, appId, encrypted }), message);
    }
  });

  it('refuses a message encrypted for another appid', () => {
    rejectsWith('appid_mismatch', () =>
      decryptMessage({ aesKey: key, appId: 'wx0000000000000000', encrypted: JAVA_SAMPLE.afterAesEncrypt }),
    );
    rejectsWith('appid_mismatch', () =>
      decryptMessage({ aesKey: key, appId: `${appId}x`, encrypted: JAVA_SAMPLE.afterAesEncrypt }),
    );
  });

  it('refuses the wrong key (the padding no longer checks out)', () => {
    const other = decodeAesKey('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg');
    assert.throws(
      () => decryptMessage({ aesKey: other, appId, encrypted: JAVA_SAMPLE.afterAesEncrypt }),
      (err: unknown) =>
        err instanceof WeChatCryptoError &&
        ['bad_padding', 'bad_length', 'appid_mismatch', 'bad_utf8'].includes(err.code),
    );
  });

  it('refuses truncated or non-base64 ciphertext', () => {
    const enc = JAVA_SAMPLE.afterAesEncrypt;
    rejectsWith('bad_base64', () => decryptMessage({ aesKey: key, appId, encrypted: enc.slice(0, -1) }));
    rejectsWith('bad_base64', () => decryptMessage({ aesKey: key, appId, encrypted: enc.slice(0, -4) }));
    rejectsWith('bad_base64', () => decryptMessage({ aesKey: key, appId, encrypted: enc.slice(0, 40) }));
    rejectsWith('bad_base64', () => decryptMessage({ aesKey: key, appId, encrypted: `${enc.slice(0, -4)}!!!!` }));
    rejectsWith('bad_base64', () => decryptMessage({ aesKey: key, appId, encrypted: '' }));
    rejectsWith('bad_base64', () => decryptMessage({ aesKey: key, appId, encrypted: 'AAAA' }));
  });

  it('refuses bad padding: zero, over 32, or unequal pad bytes', () => {
    const body = frame(Buffer.from('hello'), appId); // 43 bytes → 21 bytes of padding
    const zero = pad(body, 0);
    rejectsWith('bad_padding', () => decryptMessage({ aesKey: key, appId, encrypted: rawEncrypt(zero) }));
    const big = pad(body, 33);
    rejectsWith('bad_padding', () => decryptMessage({ aesKey: key, appId, encrypted: rawEncrypt(big) }));
    const uneven = pad(body);
    uneven[uneven.length - 2] = 1;
    rejectsWith('bad_padding', () => decryptMessage({ aesKey: key, appId, encrypted: rawEncrypt(uneven) }));
  });

  it('refuses a length field that points past the end', () => {
    const lying = pad(frame(Buffer.from('hello'), appId, 1_000));
    rejectsWith('bad_length', () => decryptMessage({ aesKey: key, appId, encrypted: rawEncrypt(lying) }));
    const huge = pad(frame(Buffer.from('hello'), appId, 0xffffffff));
    rejectsWith('bad_length', () => decryptMessage({ aesKey: key, appId, encrypted: rawEncrypt(huge) }));
  });

  it('refuses a plaintext too short to hold the header', () => {
    const short = Buffer.alloc(32, 32 - 10);
    short.fill(0, 0, 10);
    rejectsWith('bad_length', () => decryptMessage({ aesKey: key, appId, encrypted: rawEncrypt(short) }));
  });

  it('refuses a message that is not UTF-8', () => {
    const bytes = pad(frame(Buffer.from([0xff, 0xfe, 0xc3]), appId));
    rejectsWith('bad_utf8', () => decryptMessage({ aesKey: key, appId, encrypted: rawEncrypt(bytes) }));
  });
});
