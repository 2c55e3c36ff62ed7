import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeSignature, verifySignature } from '../../../lib/wechat';
import { PLAINTEXT_PUSH, PYTHON_SAMPLE, URL_VERIFICATION } from './vectors';

describe('computeSignature', () => {
  it("matches WeChat's URL-verification example", () => {
    const { token, timestamp, nonce, signature } = URL_VERIFICATION;
    assert.equal(computeSignature(token, timestamp, nonce), signature);
  });

  it("matches WeChat's plaintext push example", () => {
    const { token, timestamp, nonce, signature } = PLAINTEXT_PUSH;
    assert.equal(computeSignature(token, timestamp, nonce), signature);
  });

  it("matches the msg_signature of Tencent's Python sample (Encrypt included)", () => {
    const { token, timestamp, nonce, encrypt, msgSignature } = PYTHON_SAMPLE;
    assert.equal(computeSignature(token, timestamp, nonce, encrypt), msgSignature);
  });

  it('does not depend on the order of its arguments', () => {
    assert.equal(computeSignature('b', 'a', 'c'), computeSignature('a', 'c', 'b'));
  });
});

describe('verifySignature', () => {
  const { token, timestamp, nonce, signature } = URL_VERIFICATION;

  it('accepts the right signature', () => {
    assert.equal(verifySignature(signature, token, timestamp, nonce), true);
  });

  it('refuses a signature with one character changed', () => {
    const wrong = `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;
    assert.equal(verifySignature(wrong, token, timestamp, nonce), false);
  });

  it('refuses another token, timestamp or nonce', () => {
    assert.equal(verifySignature(signature, 'AAAAB', timestamp, nonce), false);
    assert.equal(verifySignature(signature, token, '1714036505', nonce), false);
    assert.equal(verifySignature(signature, token, timestamp, '1514711493'), false);
  });

  it('refuses a length mismatch and missing values without throwing', () => {
    assert.equal(verifySignature(signature.slice(0, 39), token, timestamp, nonce), false);
    assert.equal(verifySignature(`${signature}0`, token, timestamp, nonce), false);
    assert.equal(verifySignature('', token, timestamp, nonce), false);
    assert.equal(verifySignature(undefined, token, timestamp, nonce), false);
    assert.equal(verifySignature(signature, '', timestamp, nonce), false);
    assert.equal(verifySignature(signature, token, undefined, nonce), false);
    assert.equal(verifySignature(signature, token, timestamp, undefined), false);
    assert.equal(verifySignature(['x'], token, timestamp, nonce), false);
    assert.equal(verifySignature('é'.repeat(20), token, timestamp, nonce), false);
  });

  it('checks the Encrypt part of a msg_signature', () => {
    const { token: t, timestamp: ts, nonce: n, encrypt, msgSignature } = PYTHON_SAMPLE;
    assert.equal(verifySignature(msgSignature, t, ts, n, encrypt), true);
    assert.equal(verifySignature(msgSignature, t, ts, n, `${encrypt}x`), false);
    assert.equal(verifySignature(msgSignature, t, ts, n), false);
  });
});
