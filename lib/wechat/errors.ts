/**
 * Marks an error as thrown by this module. The app loads `lib/` twice (its server and Next's bundle),
 * so `instanceof` fails across the copies; a `Symbol.for` brand does not.
 */
const WECHAT_ERROR = Symbol.for('webind.wechat.error');

/** Base class of every error thrown by `lib/wechat`; `code` is stable and safe to log. */
export class WeChatError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly [WECHAT_ERROR] = true;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export type WeChatCryptoErrorCode =
  | 'bad_key'
  | 'bad_base64'
  | 'bad_padding'
  | 'bad_length'
  | 'bad_utf8'
  | 'appid_mismatch'
  | 'bad_signature'
  | 'bad_input';

/** The encrypted envelope could not be decrypted or does not belong to our app. */
export class WeChatCryptoError extends WeChatError<WeChatCryptoErrorCode> {}

export type WeChatXmlErrorCode =
  | 'too_large'
  | 'doctype'
  | 'malformed'
  | 'bad_root'
  | 'too_deep'
  | 'forbidden_name'
  | 'duplicate_field'
  | 'missing_field'
  | 'bad_field';

/** Untrusted XML was refused (malformed, oversize, DOCTYPE, hostile names, missing fields). */
export class WeChatXmlError extends WeChatError<WeChatXmlErrorCode> {}

export type WeChatApiErrorCode = 'api_error' | 'http_error' | 'timeout' | 'network_error' | 'invalid_response';

/**
 * A WeChat API call failed. `errcode`/`errmsg` are WeChat's own when it answered with JSON;
 * transport failures (HTTP status, timeout, network, unreadable body) use `errcode` -1.
 */
export class WeChatApiError extends WeChatError<WeChatApiErrorCode> {
  readonly errcode: number;
  readonly errmsg: string;

  constructor(errcode: number, errmsg: string, code: WeChatApiErrorCode = 'api_error', options?: { cause?: unknown }) {
    super(code, `WeChat API error ${errcode}: ${errmsg}`, options);
    this.errcode = errcode;
    this.errmsg = errmsg;
  }
}

/** True for a `WeChatApiError` from either copy of this module (see `WECHAT_ERROR`). */
export function isWeChatApiError(err: unknown): err is WeChatApiError {
  return (
    typeof err === 'object' &&
    err !== null &&
    (err as { [WECHAT_ERROR]?: unknown })[WECHAT_ERROR] === true &&
    typeof (err as { errcode?: unknown }).errcode === 'number'
  );
}

/** A caller passed an argument WeChat would refuse (checked before any request is sent). */
export class WeChatValidationError extends WeChatError<'invalid_argument'> {
  constructor(message: string) {
    super('invalid_argument', message);
  }
}
