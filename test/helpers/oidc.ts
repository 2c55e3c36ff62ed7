import assert from 'node:assert/strict';
import * as client from 'openid-client';

/** A relying party's confidential client and a public one (PKCE only), as OIDC_CLIENTS lists them. */
export const RP_SECRET = 'rp-secret-0123456789abcdef0123456789abcdef';
export const RP = {
  client_id: 'example-site',
  client_secret: RP_SECRET,
  redirect_uris: ['http://rp.example/callback'],
  post_logout_redirect_uris: ['http://rp.example/signed-out'],
};
export const PUBLIC_RP = { client_id: 'example-spa', redirect_uris: ['http://spa.example/callback'] };
export const OIDC_ENV = { OIDC_CLIENTS: JSON.stringify([RP, PUBLIC_RP]) };

/**
 * A browser for HTTP-level flows: a cookie jar, redirects followed by hand, an Origin on every POST.
 * `route` plays a load balancer: it may send each request to another instance.
 */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly route: (url: URL) => URL = (url) => url,
    readonly extraHeaders: Record<string, string> = {},
  ) {}

  async send(url: URL | string, init: { method?: string; json?: unknown; form?: URLSearchParams } = {}) {
    const target = this.route(new URL(url));
    const headers: Record<string, string> = {
      'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0',
      ...this.extraHeaders,
    };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.method === 'POST') headers.origin = target.origin;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(target, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers,
      body: init.json !== undefined ? JSON.stringify(init.json) : init.form,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = value === '' || attrs.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { res, target, location: res.headers.get('location') };
  }
}

export interface SignInOutcome {
  callback: URL;
  sawLogin: boolean;
  sawConsent: boolean;
}

/**
 * Follows an authorization request through the provider and WeBind's pages to the client's
 * redirect URI. `login` signs the browser in when WeBind's login page shows up; the consent page
 * is approved (or denied with `deny`).
 */
export async function followAuthorization(
  browser: Browser,
  start: URL,
  opts: {
    login?: (browser: Browser, loginPage: URL) => Promise<void>;
    deny?: boolean;
    /** Looks at the consent page (and may try things on it) before it is answered. */
    onConsent?: (browser: Browser, consentPage: URL) => Promise<void>;
  } = {},
): Promise<SignInOutcome> {
  let url = start;
  let sawLogin = false;
  let sawConsent = false;
  for (let hop = 0; hop < 25; hop++) {
    const { res, target, location } = await browser.send(url);
    if (!location) assert.fail(`no redirect from ${target} (${res.status}): ${(await res.text()).slice(0, 500)}`);
    const next = new URL(location, url);
    if (next.pathname === '/login') {
      sawLogin = true;
      assert.ok(opts.login, 'the login page was not expected here');
      await opts.login(browser, next);
      url = new URL(next.searchParams.get('next') ?? '/', next);
      continue;
    }
    if (next.pathname === '/authorize') {
      sawConsent = true;
      const page = await browser.send(next);
      assert.equal(page.res.status, 200);
      await opts.onConsent?.(browser, next);
      const uid = next.searchParams.get('uid');
      const form = await browser.send(new URL(`/oidc/interaction/${uid}/${opts.deny ? 'abort' : 'confirm'}`, next), {
        method: 'POST',
        form: new URLSearchParams(),
      });
      assert.equal(form.res.status, 303, `consent answer: ${await form.res.text()}`);
      url = new URL(form.location!, next);
      continue;
    }
    if (!next.pathname.startsWith('/oidc/')) return { callback: next, sawLogin, sawConsent };
    url = next;
  }
  throw new Error('too many redirects');
}

/** Logs the browser in with e-mail and password on WeBind's own API, as the login page does. */
export const passwordLogin = (email: string, password: string) => async (browser: Browser, page: URL) => {
  const res = await browser.send(new URL('/api/auth/login', page), { method: 'POST', json: { email, password } });
  assert.equal(res.res.status, 200, `password login: ${await res.res.text()}`);
};

/** Discovery as a relying party does it (plain HTTP allowed: the tests run without TLS). */
export async function discover(
  issuer: string,
  rp: { client_id: string; client_secret?: string } = RP,
  route?: (url: URL) => URL,
  extraHeaders: Record<string, string> = {},
) {
  const config = await client.discovery(
    new URL(issuer),
    rp.client_id,
    undefined,
    rp.client_secret ? client.ClientSecretBasic(rp.client_secret) : client.None(),
    {
      execute: [client.allowInsecureRequests],
      ...(route ? { [client.customFetch]: routedFetch(route, extraHeaders) } : {}),
    },
  );
  // Check every ID token's signature against the provider's JWKS, not only the TLS channel.
  client.enableNonRepudiationChecks(config);
  if (route) config[client.customFetch] = routedFetch(route, extraHeaders);
  return config;
}

/** A fetch through the test's "load balancer": another target, and the headers a proxy adds. */
const routedFetch =
  (route: (url: URL) => URL, extraHeaders: Record<string, string>): client.CustomFetch =>
  (url, init) =>
    fetch(route(new URL(url)), { ...init, headers: { ...init.headers, ...extraHeaders } } as RequestInit);

export async function authorizationRequest(
  config: client.Configuration,
  params: Record<string, string> = {},
  redirectUri = RP.redirect_uris[0],
) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email wechat',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...params,
  });
  return { url, verifier, state, nonce };
}
