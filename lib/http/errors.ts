import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { isAppError, isRateLimited, ValidationError } from '../errors';
import { t, type Locale } from '../i18n';
import { services } from '../services';

/**
 * The HTTP transport's one error mapping (pages' routes and the server API alike): an AppError is
 * `{ error: { code, message, field? } }` with its status, the message in the caller's language; anything
 * else is logged and answered 500 `internal`.
 */
export function errorResponse(err: unknown, locale: Locale, opts: { bearer?: boolean } = {}): Response {
  if (isAppError(err)) {
    const body: { code: string; message: string; field?: string } = {
      code: err.code,
      message: t(locale, `error.${err.code}`, err.params),
    };
    const field = (err as Partial<ValidationError>).field;
    if (field) body.field = field;
    const headers: Record<string, string> = {};
    if (isRateLimited(err)) headers['retry-after'] = String(err.retryAfterSeconds);
    // The server API authenticates with a bearer key; the pages' routes with a cookie.
    if (opts.bearer && err.status === 401) headers['www-authenticate'] = 'Bearer';
    return NextResponse.json({ error: body }, { status: err.status, headers });
  }
  services().log.error({ err }, 'unexpected error in route');
  return NextResponse.json({ error: { code: 'internal', message: t(locale, 'error.internal') } }, { status: 500 });
}

/** Validates input against a schema; the first issue becomes a ValidationError naming its code and field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const code = issue.message && /^[a-z_]+$/.test(issue.message) ? issue.message : 'invalid_input';
    throw new ValidationError(code, code, issue.path.join('.') || undefined);
  }
  return parsed.data;
}
