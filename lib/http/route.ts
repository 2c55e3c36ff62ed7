import type { NextResponse, NextRequest } from 'next/server';
import type { z } from 'zod';
import { ForbiddenError, PayloadTooLargeError, UnauthorizedError, ValidationError } from '../errors';
import { errorResponse, parseInput } from './errors';
import { LOCALE_COOKIE, pickLocale, type Locale } from '../i18n';
import { type Services, services } from '../services';
import { readSession, SESSION_COOKIE, type RequestMeta } from '../auth/sessions';
import { throwUnlessAdmin } from '../admin/is-admin';
import type { Session, User } from '../db/types';

export const MAX_JSON_BYTES = 16 * 1024;

export interface RouteContext {
  req: NextRequest;
  /** The process's services, for the domain verb the route calls (a route is a transport). */
  ctx: Services;
  locale: Locale;
  meta: RequestMeta;
}
export interface SessionContext extends RouteContext {
  user: User;
  session: Session;
  token: string;
}

type Handler<C> = (ctx: C) => Promise<Response>;

function localeOf(req: NextRequest): Locale {
  return pickLocale(req.cookies.get(LOCALE_COOKIE)?.value, req.headers.get('accept-language'));
}

function metaOf(req: NextRequest): RequestMeta {
  // The custom server sets x-webind-ip from the socket (and a trusted proxy's header) before Next.
  return { ip: req.headers.get('x-webind-ip'), userAgent: req.headers.get('user-agent') };
}

/**
 * State-changing requests must come from our own pages: the Origin header has to name this site
 * (the public URL, or the Host the request came to).
 */
function checkOrigin(req: NextRequest): void {
  if (req.method === 'GET' || req.method === 'HEAD') return;
  const origin = req.headers.get('origin');
  const allowed = new Set([new URL(services().config.publicUrl).origin]);
  const host = req.headers.get('host');
  if (host) allowed.add(`${req.headers.get('x-forwarded-proto') === 'https' ? 'https' : 'http'}://${host}`);
  if (!origin || !allowed.has(origin)) throw new ForbiddenError('bad_origin');
}

/** Wraps a route: locale, CSRF check, one place that maps errors to HTTP. */
export function route(handler: Handler<RouteContext>) {
  return async (req: NextRequest): Promise<Response> => {
    const locale = localeOf(req);
    try {
      checkOrigin(req);
      return await handler({ req, ctx: services(), locale, meta: metaOf(req) });
    } catch (err) {
      return errorResponse(err, locale);
    }
  };
}

/** Like `route`, for signed-in users only (401 otherwise). */
export function withSession(handler: Handler<SessionContext>) {
  return route(async (context) => {
    const token = context.req.cookies.get(SESSION_COOKIE)?.value;
    const found = await readSession(context.ctx, token);
    if (!found || !token) throw new UnauthorizedError(token ? 'session_invalid' : 'unauthorized');
    return handler({ ...context, ...found, token });
  });
}

/**
 * Like `withSession`, for administrators only (ADMIN_EMAILS): anyone else gets 403 `admin_only`, and a
 * request without a session 401, before the handler runs.
 */
export function withAdmin(handler: Handler<SessionContext>) {
  return withSession(async (ctx) => {
    throwUnlessAdmin(services().config, ctx.user);
    return handler(ctx);
  });
}

/** Reads a JSON body of at most MAX_JSON_BYTES and validates it; bad input is a 4xx, never a throw. */
export async function readJson<S extends z.ZodType>(req: NextRequest, schema: S): Promise<z.infer<S>> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > MAX_JSON_BYTES) throw new PayloadTooLargeError('payload_too_large');
  const raw = await readCapped(req, MAX_JSON_BYTES);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ValidationError('invalid_json');
  }
  return parseInput(schema, value);
}

async function readCapped(req: NextRequest, max: number): Promise<string> {
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new PayloadTooLargeError('payload_too_large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function setSessionCookie(res: NextResponse, token: string, expiresAt: number): void {
  res.cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: services().config.production,
    path: '/',
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(res: NextResponse): void {
  res.cookies.set(SESSION_COOKIE, '', {
    httpOnly: true,
    sameSite: 'lax',
    secure: services().config.production,
    path: '/',
    maxAge: 0,
  });
}
