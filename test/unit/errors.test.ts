import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as errors from '../../lib/errors';
import { isAppError, isRateLimited, NotFoundError, RateLimitedError } from '../../lib/errors';
import { isWeChatApiError, WeChatApiError, WeChatCryptoError, WeChatXmlError } from '../../lib/wechat';

// A second copy of each module, as Next's bundle holds next to the server's: its classes are not ours.
function secondCopy<T>(id: string): T {
  const file = require.resolve(id);
  const first = require.cache[file];
  delete require.cache[file];
  try {
    return require(file) as T;
  } finally {
    require.cache[file] = first;
  }
}
const otherErrors = async () => secondCopy<typeof import('../../lib/errors')>('../../lib/errors');
const otherWeChat = async () => secondCopy<typeof import('../../lib/wechat/errors')>('../../lib/wechat/errors');

describe('errors cross the two copies of lib/', () => {
  it('recognises an AppError thrown by another copy of lib/errors, where instanceof fails', async () => {
    const other = await otherErrors();
    const foreign = new other.NotFoundError('scene_not_found');
    assert.equal(foreign instanceof NotFoundError, false, 'the copies really are distinct classes');
    assert.equal(isAppError(foreign), true);
    assert.equal(isAppError(new NotFoundError('x')), true);
    assert.equal(isRateLimited(new other.RateLimitedError('rate_limited', 5)), true);
    assert.equal(isRateLimited(new NotFoundError('x')), false);
  });

  it('refuses look-alikes: a plain Error or an object with a code and status is not an AppError', () => {
    assert.equal(isAppError(new Error('x')), false);
    assert.equal(isAppError({ code: 'x', status: 404 }), false);
    assert.equal(isAppError(null), false);
    assert.equal(isRateLimited(Object.assign(new Error('x'), { status: 429 })), false);
    assert.ok(new RateLimitedError().status === 429);
  });

  it('recognises a WeChatApiError of another copy of lib/wechat by its brand, not by an errcode field', async () => {
    const foreign = new (await otherWeChat()).WeChatApiError(45009, 'reach max api daily quota limit');
    assert.equal(foreign instanceof WeChatApiError, false);
    assert.equal(isWeChatApiError(foreign), true);
    assert.equal(isWeChatApiError(Object.assign(new Error('x'), { errcode: 40001 })), false);
    assert.equal(isWeChatApiError(new WeChatXmlError('malformed', 'bad')), false);
  });

  it('gives each error class its HTTP status, its code and its message key', () => {
    const statuses = [
      [errors.ValidationError, 400],
      [errors.UnauthorizedError, 401],
      [errors.ForbiddenError, 403],
      [errors.NotFoundError, 404],
      [errors.ConflictError, 409],
      [errors.ExpiredError, 410],
      [errors.PayloadTooLargeError, 413],
      [errors.RateLimitedError, 429],
      [errors.UpstreamError, 502],
    ] as const;
    for (const [ErrorClass, status] of statuses) {
      const err = new ErrorClass('some_code');
      assert.equal(err.status, status, ErrorClass.name);
      assert.equal(err.code, 'some_code');
      assert.ok(isAppError(err) && err instanceof errors.AppError);
    }
    assert.equal(new errors.ValidationError('bad', 'msg', 'email').field, 'email');
    assert.deepEqual(new RateLimitedError('rate_limited', 7).params, { seconds: 7 });
    assert.equal(new errors.AppError('x').status, 500);
  });

  it('names each WeChat error by its class and keeps its code', () => {
    const xml = new WeChatXmlError('doctype', 'DOCTYPE refused');
    const crypto = new WeChatCryptoError('bad_padding', 'bad padding');
    const api = new WeChatApiError(40001, 'invalid credential');
    assert.deepEqual([xml.name, xml.code, xml.message], ['WeChatXmlError', 'doctype', 'DOCTYPE refused']);
    assert.deepEqual([crypto.name, crypto.code], ['WeChatCryptoError', 'bad_padding']);
    assert.deepEqual([api.name, api.code, api.errcode], ['WeChatApiError', 'api_error', 40001]);
  });
});
