/**
 * The one error hierarchy of the domain. Each transport maps it once: HTTP (status + error body),
 * Socket.IO acks ({ ok: false, code, message }) and the webhook (a WeChat reply text).
 * `code` is stable and machine-readable; `message` is a message key resolved per locale.
 */
/**
 * The brand `isAppError` checks. The custom server and Next's bundle each load their own copy of
 * `lib/`, so an error thrown by one copy fails `instanceof` in the other; `Symbol.for` is shared.
 */
const APP_ERROR = Symbol.for('webind.app-error');

export class AppError extends Error {
  readonly [APP_ERROR] = true;
  readonly status: number = 500;
  constructor(
    readonly code: string,
    message = code,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

/** The base of an error that HTTP answers with `status` (the other transports use `code`). */
function withStatus(status: number) {
  return class extends AppError {
    readonly status = status;
  };
}

export class ValidationError extends withStatus(400) {
  constructor(
    code = 'invalid_input',
    message?: string,
    readonly field?: string,
  ) {
    super(code, message);
  }
}
export class UnauthorizedError extends withStatus(401) {}
export class ForbiddenError extends withStatus(403) {}
export class NotFoundError extends withStatus(404) {}
export class ConflictError extends withStatus(409) {}
export class ExpiredError extends withStatus(410) {}
export class PayloadTooLargeError extends withStatus(413) {}
export class RateLimitedError extends withStatus(429) {
  constructor(
    code = 'rate_limited',
    readonly retryAfterSeconds = 60,
  ) {
    super(code, code, { seconds: retryAfterSeconds });
  }
}
/** A dependency (WeChat's API, the database) failed; the user may retry. */
export class UpstreamError extends withStatus(502) {}

/** True for an `AppError` (or subclass) from either copy of `lib/`. Use it, never `instanceof`. */
export function isAppError(err: unknown): err is AppError {
  return typeof err === 'object' && err !== null && (err as { [APP_ERROR]?: unknown })[APP_ERROR] === true;
}

/** True for a `RateLimitedError` from either copy of `lib/`. */
export function isRateLimited(err: unknown): err is RateLimitedError {
  return isAppError(err) && err.status === 429;
}
