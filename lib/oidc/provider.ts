import { createHmac } from 'node:crypto';
import type Provider from 'oidc-provider';
import type { Configuration, Grant, KoaContextWithOIDC } from 'oidc-provider';
import type { Config } from '../config';
import type { OidcRepo, Repos } from '../db/types';
import type { Logger } from '../log';
import { readSession, SESSION_COOKIE } from '../auth/sessions';
import { ACR_VALUES } from '../auth/sign-in-methods';
import { adapterFor } from './adapter';
import { ID_TOKEN_TTL_SECONDS, loadSigningKeys } from './keys';
import { errorPage, localeOfHeaders, loggedOutPage, logoutPage } from './pages';

export const OIDC_MOUNT = '/oidc';
export const OIDC_SCOPES = ['openid', 'offline_access', 'email', 'wechat'] as const;
/** The model remembering one account's consent to one client, across OP sessions. */
const REMEMBERED_GRANT = 'WebindRememberedGrant';
const GRANT_TTL_SECONDS = 180 * 24 * 3600;

export interface OidcDeps {
  config: Config;
  repos: Repos;
  oidcRepo: OidcRepo;
  log: Logger;
  now: () => number;
}

export const rememberedGrantKey = (accountId: string, clientId: string) => `${accountId}:${clientId}`;

/** Remembers that an account consented to a client, so a later OP session does not ask again. */
export async function rememberGrant(repo: OidcRepo, grant: Grant, now: number): Promise<void> {
  if (!grant.accountId || !grant.clientId || !grant.jti) return;
  await repo.upsert(
    REMEMBERED_GRANT,
    rememberedGrantKey(grant.accountId, grant.clientId),
    { grantId: grant.jti },
    { expiresAt: now + GRANT_TTL_SECONDS * 1000 },
  );
}

/**
 * The OpenID Provider: panva's oidc-provider, configured for WeBind. Every model is stored through
 * the data layer, signing keys come from the database, and logins go through WeBind's own pages
 * (server/oidc.ts handles the interaction routes).
 */
export async function createOidcProvider(deps: OidcDeps): Promise<Provider> {
  const { config, repos, oidcRepo, log, now } = deps;
  const { default: ProviderClass, interactionPolicy } = await import('oidc-provider');
  const { Check } = interactionPolicy;
  const policy = interactionPolicy.base();
  // The provider's own session must not outlive WeBind's: after a sign-out from WeBind (or a sign-in as
  // someone else) on this browser, the next site asking gets the login page, not the previous user.
  policy.get('login')?.checks.add(
    new Check('webind_session', 'the WeBind session behind this sign-in has ended or changed', async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId) return Check.NO_NEED_TO_PROMPT; // `no_session` asks already
      const found = await readSession({ repos, now }, ctx.cookies.get(SESSION_COOKIE, { signed: false }));
      return found && String(found.user.id) === accountId ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
    }),
  );
  const keys = await loadSigningKeys(oidcRepo, now());
  // Cookie signing keys derived from APP_SECRET: every instance and restart agrees on them.
  const cookieKey = createHmac('sha256', config.appSecret).update('webind oidc cookies').digest('base64url');

  const configuration: Configuration = {
    adapter: adapterFor(oidcRepo, now),
    clients: config.oidcClients.map((c) => ({
      client_id: c.client_id,
      ...(c.client_secret
        ? { client_secret: c.client_secret, token_endpoint_auth_method: 'client_secret_basic' }
        : { token_endpoint_auth_method: 'none' }),
      redirect_uris: c.redirect_uris,
      post_logout_redirect_uris: c.post_logout_redirect_uris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    })),
    jwks: { keys: keys as never },
    cookies: { keys: [cookieKey] },
    scopes: [...OIDC_SCOPES],
    claims: {
      // amr, acr and auth_time ride in every ID token, not only when a client asks for them.
      openid: ['sub', 'auth_time', 'acr', 'amr'],
      email: ['email', 'email_verified'],
      wechat: ['wechat_openid', 'wechat_unionid'],
    },
    acrValues: [...ACR_VALUES],
    // The granted scopes' claims go in the ID token too: many relying parties (Auth.js, Keycloak,
    // casdoor) read the ID token and never call userinfo.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          ctx.body = logoutPage(localeOf(ctx), ctx.host, form);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          ctx.body = loggedOutPage(localeOf(ctx));
        },
      },
    },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: ID_TOKEN_TTL_SECONDS,
      RefreshToken: 14 * 24 * 3600,
      // Long enough to scan, follow, confirm on the phone or register on the bind page.
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: GRANT_TTL_SECONDS,
    },
    interactions: { policy, url: (_ctx, interaction) => `${OIDC_MOUNT}/interaction/${interaction.uid}` },
    // A browser app (public client) may call the token endpoint from its own redirect URI's origin.
    clientBasedCORS: (_ctx, origin, client) => client.redirectUris?.some((u) => new URL(u).origin === origin) ?? false,
    async findAccount(_ctx, sub) {
      const id = /^[1-9]\d{0,15}$/.test(sub) ? Number(sub) : null;
      const user = id === null ? null : await repos.users.findById(id);
      if (!user) return undefined;
      return {
        accountId: sub,
        async claims() {
          const binding = await repos.bindings.findByUser(user.id);
          return {
            sub,
            // No e-mail is verified by WeBind today; say so rather than let a client assume it.
            ...(user.email ? { email: user.email, email_verified: false } : {}),
            ...(binding ? { wechat_openid: binding.openid } : {}),
          };
        },
      };
    },
    async loadExistingGrant(ctx) {
      const clientId = ctx.oidc.client?.clientId;
      const accountId = ctx.oidc.session?.accountId;
      if (!clientId) return undefined;
      const grantId =
        ctx.oidc.result?.consent?.grantId ||
        ctx.oidc.session?.grantIdFor(clientId) ||
        (accountId
          ? (await oidcRepo.find(REMEMBERED_GRANT, rememberedGrantKey(accountId, clientId)))?.payload.grantId
          : undefined);
      if (typeof grantId !== 'string') return undefined;
      const grant = await ctx.oidc.provider.Grant.find(grantId);
      // A remembered grant is only reused for the account and client it was given by.
      if (!grant || grant.clientId !== clientId || (accountId && grant.accountId !== accountId)) return undefined;
      return grant;
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage(localeOf(ctx), String(out.error_description ?? out.error ?? 'server_error'));
    },
  };

  const provider = new ProviderClass(`${config.publicUrl}${OIDC_MOUNT}`, configuration);
  provider.proxy = config.trustProxyHops > 0;
  provider.on('server_error', (_ctx, err) => log.error({ err }, 'oidc server error'));
  provider.on('grant.error', (_ctx, err) => log.info({ err: err.message }, 'oidc token request refused'));
  provider.on('authorization.error', (_ctx, err) => log.info({ err: err.message }, 'oidc authorization refused'));
  return provider;
}

function localeOf(ctx: KoaContextWithOIDC) {
  return localeOfHeaders(ctx.get('cookie'), ctx.get('accept-language'));
}
