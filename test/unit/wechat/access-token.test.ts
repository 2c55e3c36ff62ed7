import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AccessTokenProvider,
  createMemoryAccessTokenStore,
  WeChatApiError,
  WeChatClient,
  type AccessTokenStore,
} from '../../../lib/wechat';
import { createFakeFetch, hang, json } from './fake-fetch';

const BASE = 'https://api.example.test';
const NOW = 1_700_000_000_000;

function tokenServer() {
  let issued = 0;
  const fetch = createFakeFetch(async (req) => {
    if (req.url.pathname !== '/cgi-bin/stable_token') return json({ errcode: 0 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    issued++;
    return json({ access_token: `TOKEN-${issued}`, expires_in: 7200 });
  });
  return fetch;
}

function provider(store: AccessTokenStore, fetch: ReturnType<typeof tokenServer>, now = () => NOW) {
  return new AccessTokenProvider({ appId: 'wxapp', appSecret: 'shh-secret', baseUrl: `${BASE}/`, store, fetch, now });
}

describe('AccessTokenProvider', () => {
  it('asks WeChat once for 100 concurrent callers and stores the token', async () => {
    const fetch = tokenServer();
    const store = createMemoryAccessTokenStore();
    const tokens = provider(store, fetch);
    const all = await Promise.all(Array.from({ length: 100 }, () => tokens.getToken()));
    assert.equal(fetch.requests.length, 1);
    assert.ok(all.every((t) => t === 'TOKEN-1'));
    assert.deepEqual(await store.get(), { token: 'TOKEN-1', expiresAt: NOW + 7200 * 1000 });
    const [req] = fetch.requests;
    assert.equal(req.url.href, `${BASE}/cgi-bin/stable_token`);
    assert.equal(req.method, 'POST');
    assert.deepEqual(req.body, {
      grant_type: 'client_credential',
      appid: 'wxapp',
      secret: 'shh-secret',
      force_refresh: false,
    });
  });

  it('uses a cached token valid beyond the margin, and refreshes one inside it', async () => {
    const fetch = tokenServer();
    const store = createMemoryAccessTokenStore({ token: 'CACHED', expiresAt: NOW + 301_000 });
    assert.equal(await provider(store, fetch).getToken(), 'CACHED');
    assert.equal(fetch.requests.length, 0);
    const nearlyExpired = createMemoryAccessTokenStore({ token: 'OLD', expiresAt: NOW + 299_000 });
    assert.equal(await provider(nearlyExpired, fetch).getToken(), 'TOKEN-1');
    assert.equal(fetch.requests.length, 1);
  });

  it('force-refreshes once when its compare-and-clear wins', async () => {
    const fetch = tokenServer();
    const store = createMemoryAccessTokenStore();
    const tokens = provider(store, fetch);
    const first = await tokens.getToken();
    await Promise.all(Array.from({ length: 10 }, () => tokens.invalidate(first)));
    assert.equal(await tokens.getToken(), 'TOKEN-2');
    assert.equal(fetch.requests.length, 2);
    assert.equal((fetch.requests[1].body as { force_refresh: boolean }).force_refresh, true);
  });

  it('does not force-refresh when another instance already replaced the token (clearIf false)', async () => {
    const fetch = tokenServer();
    const shared = createMemoryAccessTokenStore();
    const tokens = provider(shared, fetch);
    const stale = await tokens.getToken();
    // Another instance refreshed meanwhile.
    await shared.set({ token: 'FRESH-FROM-B', expiresAt: NOW + 7_200_000 });
    await tokens.invalidate(stale);
    assert.equal(await tokens.getToken(), 'FRESH-FROM-B');
    assert.equal(fetch.requests.length, 1);
  });

  it('turns token endpoint errors into WeChatApiError without leaking the secret', async () => {
    const fetch = createFakeFetch(() => json({ errcode: 40013, errmsg: 'invalid appid' }));
    const tokens = provider(createMemoryAccessTokenStore(), fetch as never);
    await assert.rejects(tokens.getToken(), (err: unknown) => {
      assert.ok(err instanceof WeChatApiError);
      assert.equal(err.errcode, 40013);
      assert.ok(!String(err.message).includes('shh-secret'));
      return true;
    });
    const http = createFakeFetch(() => new Response('bad gateway', { status: 502 }));
    await assert.rejects(provider(createMemoryAccessTokenStore(), http as never).getToken(), (err: unknown) => {
      return err instanceof WeChatApiError && err.errcode === -1 && /502/.test(err.message);
    });
    const noToken = createFakeFetch(() => json({ expires_in: 7200 }));
    await assert.rejects(provider(createMemoryAccessTokenStore(), noToken as never).getToken(), WeChatApiError);
  });

  it('lets the next caller retry after a failed refresh', async () => {
    let fail = true;
    const fetch = createFakeFetch(() =>
      fail ? json({ errcode: -1, errmsg: 'system busy' }) : json({ access_token: 'OK', expires_in: 7200 }),
    );
    const tokens = provider(createMemoryAccessTokenStore(), fetch as never);
    await assert.rejects(tokens.getToken(), WeChatApiError);
    fail = false;
    assert.equal(await tokens.getToken(), 'OK');
  });

  it('times out a token request that hangs', async () => {
    const fetch = createFakeFetch((_req, init) => hang(init));
    const tokens = new AccessTokenProvider({
      appId: 'a',
      appSecret: 's',
      baseUrl: BASE,
      store: createMemoryAccessTokenStore(),
      fetch,
      timeoutMs: 50,
    });
    await assert.rejects(tokens.getToken(), (err: unknown) => err instanceof WeChatApiError && err.code === 'timeout');
  });
});

describe('WeChatClient with AccessTokenProvider', () => {
  it('on 40001 refreshes the token exactly once and retries the call exactly once', async () => {
    let issued = 0;
    const fetch = createFakeFetch((req) => {
      if (req.url.pathname === '/cgi-bin/stable_token') return json({ access_token: `T${++issued}`, expires_in: 7200 });
      return req.url.searchParams.get('access_token') === 'T1'
        ? json({ errcode: 40001, errmsg: 'invalid credential' })
        : json({ errcode: 0, errmsg: 'ok' });
    });
    const tokens = new AccessTokenProvider({
      appId: 'a',
      appSecret: 's',
      baseUrl: BASE,
      store: createMemoryAccessTokenStore(),
      fetch,
    });
    const client = new WeChatClient({ baseUrl: BASE, tokens, fetch });
    await client.sendCustomText('openid-1', 'hi');
    const paths = fetch.requests.map(
      (r) =>
        `${r.url.pathname}${r.url.pathname.includes('stable') ? `:${(r.body as { force_refresh: boolean }).force_refresh}` : `:${r.url.searchParams.get('access_token')}`}`,
    );
    assert.deepEqual(paths, [
      '/cgi-bin/stable_token:false',
      '/cgi-bin/message/custom/send:T1',
      '/cgi-bin/stable_token:true',
      '/cgi-bin/message/custom/send:T2',
    ]);
  });

  it('gives up after one retry when the new token is refused too', async () => {
    let issued = 0;
    const fetch = createFakeFetch((req) =>
      req.url.pathname === '/cgi-bin/stable_token'
        ? json({ access_token: `T${++issued}`, expires_in: 7200 })
        : json({ errcode: 42001, errmsg: 'access_token expired' }),
    );
    const tokens = new AccessTokenProvider({
      appId: 'a',
      appSecret: 's',
      baseUrl: BASE,
      store: createMemoryAccessTokenStore(),
      fetch,
    });
    const client = new WeChatClient({ baseUrl: BASE, tokens, fetch });
    await assert.rejects(
      client.sendCustomText('o', 'x'),
      (err: unknown) => err instanceof WeChatApiError && err.errcode === 42001,
    );
    assert.equal(fetch.requests.filter((r) => r.url.pathname === '/cgi-bin/message/custom/send').length, 2);
    assert.equal(fetch.requests.filter((r) => r.url.pathname === '/cgi-bin/stable_token').length, 2);
  });
});
