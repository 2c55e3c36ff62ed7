import type { NextRequest } from 'next/server';
import { authenticateApiKey } from '../apikeys/api-keys';
import type { ApiKey } from '../db/types';
import { RateLimitedError } from '../errors';
import { errorResponse } from './errors';
import { pickLocale, type Locale } from '../i18n';
import { services } from '../services';

export interface ApiContext {
  req: NextRequest;
  locale: Locale;
  key: ApiKey;
  params: Record<string, string>;
}

type Handler = (ctx: ApiContext) => Promise<Response>;

/**
 * Wraps a server API route (/api/v1): `Authorization: Bearer <api key>` (looked up in the database on
 * each call, so a created or revoked key takes effect at once), the key's own rate limit, errors in the
 * SPEC shape, and one audit entry per call naming the key. No cookies and no Origin check: callers are
 * host sites' servers, and a key is never a browser credential.
 */
export function withApiKey(handler: Handler) {
  return async (req: NextRequest, routeCtx?: { params?: Promise<Record<string, string>> }): Promise<Response> => {
    const locale = pickLocale(undefined, req.headers.get('accept-language'));
    const { repos, now, log } = services();
    const path = new URL(req.url).pathname;
    let key: ApiKey | null = null;
    let response: Response;
    try {
      key = await authenticateApiKey(repos, req.headers.get('authorization'));
      const limited = await repos.rateLimits.hit(`api:${key.id}`, key.ratePerMinute, 60_000, now());
      if (!limited.allowed) throw new RateLimitedError('rate_limited', Math.ceil(limited.retryAfterMs / 1000));
      const params = (await routeCtx?.params) ?? {};
      response = await handler({ req, locale, key, params });
    } catch (err) {
      response = errorResponse(err, locale, { bearer: true });
    }
    if (key) {
      const at = now();
      const keyName = key.name;
      const status = response.status;
      // Audit after the answer is built; a failing audit write is logged, not turned into a failed call.
      await repos.audit
        .add({
          at,
          action: 'api.call',
          userId: null,
          openid: null,
          detail: { key: keyName, method: req.method, path, status },
        })
        .catch((err: unknown) => log.warn({ err: (err as Error).message }, 'api audit failed'));
      if (!key.lastUsedAt || at - key.lastUsedAt > 60_000) repos.apiKeys.touch(key.id, at).catch(() => undefined);
    }
    return response;
  };
}
