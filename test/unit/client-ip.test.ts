import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientIp } from '../../server/http-util';

describe('clientIp', () => {
  it('uses the socket address unless proxies are trusted', () => {
    assert.equal(clientIp('10.0.0.5', '1.2.3.4', 0), '10.0.0.5');
  });
  it('takes the address the trusted proxy saw, ignoring what the client claimed before it', () => {
    assert.equal(clientIp('10.0.0.5', '6.6.6.6, 1.2.3.4', 1), '1.2.3.4');
    assert.equal(clientIp('10.0.0.5', '6.6.6.6, 1.2.3.4, 10.0.0.9', 2), '1.2.3.4');
  });
  it('falls back to the socket when the header is missing or too short', () => {
    assert.equal(clientIp('10.0.0.5', undefined, 1), '10.0.0.5');
    assert.equal(clientIp('10.0.0.5', '1.2.3.4', 2), '10.0.0.5');
  });
});
