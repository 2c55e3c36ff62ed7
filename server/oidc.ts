// /oidc/*: the OpenID Provider (oidc-provider's Koa app) and the three interaction routes that hand its
// login and consent prompts to WeBind's own pages.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { readSession, SESSION_COOKIE, hashToken } from '../lib/auth/sessions';
import { acrFor, signInOf } from '../lib/auth/sign-in-methods';
import { OIDC_MOUNT, rememberGrant } from '../lib/oidc/provider';
import { errorPage, localeOfHeaders } from '../lib/oidc/pages';
import type { Services } from '../lib/services';

const INTERACTION = /^\/oidc\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(confirm|abort))?$/;

export function createOidcHandler(provider: Provider, services: Services) {
  const callback = provider.callback();
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/';
    const pathname = url.split('?')[0];
    const match = INTERACTION.exec(pathname);
    if (match) return interaction(provider, services, req, res, match[1], match[2]);
    // Mounted under /oidc: the library's router sees the rest, and reads the mount from originalUrl.
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
    req.url = url.slice(OIDC_MOUNT.length) || '/';
    await callback(req, res);
  };
}

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function sendHtml(req: IncomingMessage, res: ServerResponse, status: number, error: string) {
  const locale = localeOfHeaders(req.headers.cookie, req.headers['accept-language']);
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(errorPage(locale, error));
}

function redirect(res: ServerResponse, location: string) {
  res.writeHead(303, { location, 'cache-control': 'no-store' });
  res.end();
}

/** A form POST must come from our own pages (the interaction cookie is SameSite=Lax as well). */
function sameOrigin(req: IncomingMessage, services: Services): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  const allowed = new Set([new URL(services.config.publicUrl).origin]);
  if (req.headers.host) allowed.add(`http://${req.headers.host}`).add(`https://${req.headers.host}`);
  return allowed.has(origin);
}

async function interaction(
  provider: Provider,
  services: Services,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
  action: string | undefined,
): Promise<void> {
  let details: Awaited<ReturnType<Provider['interactionDetails']>>;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    // No interaction cookie (another browser, an old link) or the interaction expired.
    return sendHtml(req, res, 400, 'interaction_expired');
  }
  if (details.uid !== uid) return sendHtml(req, res, 400, 'interaction_mismatch');

  if (action) {
    if (req.method !== 'POST' || !sameOrigin(req, services)) return sendHtml(req, res, 403, 'bad_origin');
    if (action === 'abort') {
      return void (await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'the user denied the request' },
        { mergeWithLastSubmission: false },
      ));
    }
    return confirm(provider, services, req, res, details);
  }
  if (req.method !== 'GET') return sendHtml(req, res, 405, 'method_not_allowed');

  if (details.prompt.name === 'login') {
    const here = `${OIDC_MOUNT}/interaction/${uid}`;
    const token = cookieOf(req, SESSION_COOKIE);
    const found = await readSession(services, token);
    const signIn = found && token ? await signInOf(services, hashToken(token)) : null;
    const at = signIn?.at ?? found?.session.createdAt ?? 0;
    // prompt=login or an exceeded max_age want a sign-in made for this request, not an older session.
    const wantsFresh = details.prompt.reasons.some((r) => r === 'login_prompt' || r === 'max_age');
    const startedAt = ((details as { iat?: number }).iat ?? Number.POSITIVE_INFINITY) * 1000;
    if (!found || (wantsFresh && at < startedAt)) {
      const params = new URLSearchParams({ next: here });
      if (found) params.set('fresh', '1');
      return redirect(res, `/login?${params}`);
    }
    const amr = signIn?.amr ?? [];
    return void (await provider.interactionFinished(
      req,
      res,
      {
        login: {
          accountId: String(found.user.id),
          ts: Math.floor(at / 1000),
          ...(amr.length ? { amr, acr: acrFor(amr) } : {}),
          remember: true,
        },
      },
      { mergeWithLastSubmission: false },
    ));
  }
  if (details.prompt.name === 'consent') return redirect(res, `/authorize?uid=${encodeURIComponent(uid)}`);
  return sendHtml(req, res, 400, `unsupported_prompt`);
}

/** The consent form was sent: grant what the client asked for and remember it for this client. */
async function confirm(
  provider: Provider,
  services: Services,
  req: IncomingMessage,
  res: ServerResponse,
  details: Awaited<ReturnType<Provider['interactionDetails']>>,
): Promise<void> {
  if (details.prompt.name !== 'consent' || !details.session?.accountId) {
    return sendHtml(req, res, 400, 'not_a_consent_prompt');
  }
  const accountId = details.session.accountId;
  const clientId = String(details.params.client_id);
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId });
  if (!grant) return sendHtml(req, res, 400, 'grant_expired');
  const missing = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  await rememberGrant(services.db.oidc, grant, services.now());
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}
