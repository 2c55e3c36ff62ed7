import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WeChatApiError, WeChatClient, WeChatValidationError, type AccessTokenSource } from '../../../lib/wechat';
import { createFakeFetch, hang, json } from './fake-fetch';

const BASE = 'https://api.example.test';

function staticTokens(): AccessTokenSource & { invalidated: string[] } {
  const invalidated: string[] = [];
  return { invalidated, getToken: async () => 'TKN', invalidate: async (t) => void invalidated.push(t) };
}

function client(
  respond: Parameters<typeof createFakeFetch>[0],
  extra: { timeoutMs?: number; qrImageBaseUrl?: string } = {},
) {
  const fetch = createFakeFetch(respond);
  const tokens = staticTokens();
  return {
    fetch,
    tokens,
    api: new WeChatClient({ appId: 'wx', appSecret: 's', baseUrl: `${BASE}/`, tokens, fetch, ...extra }),
  };
}

describe('WeChatClient.createTempQr', () => {
  it('sends QR_STR_SCENE with expire_seconds and returns ticket, expiry and url', async () => {
    const { api, fetch } = client(() =>
      json({ ticket: 'gQH4=+/', expire_seconds: 300, url: 'http://weixin.qq.com/q/abc' }),
    );
    const qr = await api.createTempQr({ sceneStr: 'scene_abc' }, 300);
    assert.deepEqual(qr, { ticket: 'gQH4=+/', expireSeconds: 300, url: 'http://weixin.qq.com/q/abc' });
    const [req] = fetch.requests;
    assert.equal(req.method, 'POST');
    assert.equal(`${req.url.origin}${req.url.pathname}`, `${BASE}/cgi-bin/qrcode/create`);
    assert.equal(req.url.searchParams.get('access_token'), 'TKN');
    assert.deepEqual(req.body, {
      expire_seconds: 300,
      action_name: 'QR_STR_SCENE',
      action_info: { scene: { scene_str: 'scene_abc' } },
    });
  });

  it('sends QR_SCENE for a numeric scene', async () => {
    const { api, fetch } = client(() => json({ ticket: 't', expire_seconds: 60, url: 'u' }));
    await api.createTempQr({ sceneId: 4_294_967_295 }, 60);
    assert.deepEqual(fetch.requests[0].body, {
      expire_seconds: 60,
      action_name: 'QR_SCENE',
      action_info: { scene: { scene_id: 4_294_967_295 } },
    });
  });

  it('validates the scene and the expiry before sending anything', async () => {
    const { api, fetch } = client(() => json({}));
    const invalid: Array<[Parameters<WeChatClient['createTempQr']>[0], number]> = [
      [{ sceneStr: '' }, 300],
      [{ sceneStr: 'x'.repeat(65) }, 300],
      [{ sceneId: 0 }, 300],
      [{ sceneId: 1.5 }, 300],
      [{ sceneId: 4_294_967_296 }, 300],
      [{ sceneStr: 'ok' }, 59],
      [{ sceneStr: 'ok' }, 2_592_001],
      [{ sceneStr: 'ok' }, 300.5],
    ];
    for (const [scene, expire] of invalid) {
      await assert.rejects(api.createTempQr(scene, expire), WeChatValidationError, JSON.stringify([scene, expire]));
    }
    assert.equal(fetch.requests.length, 0);
    const edge = client(() => json({ ticket: 't', expire_seconds: 2_592_000, url: 'u' }));
    await edge.api.createTempQr({ sceneStr: 'x'.repeat(64) }, 2_592_000);
    await edge.api.createTempQr({ sceneId: 1 }, 60);
    assert.equal(edge.fetch.requests.length, 2);
  });

  it('builds the image URL on the configured base, ticket encoded', () => {
    const { api } = client(() => json({}));
    assert.equal(api.qrImageUrl('gQH4=+/&x'), `${BASE}/cgi-bin/showqrcode?ticket=gQH4%3D%2B%2F%26x`);
    const prod = client(() => json({}), { qrImageBaseUrl: 'https://mp.weixin.qq.com' }).api;
    assert.equal(prod.qrImageUrl('t'), 'https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=t');
  });
});

describe('WeChatClient messages and users', () => {
  it('sends a customer-service text', async () => {
    const { api, fetch } = client(() => json({ errcode: 0, errmsg: 'ok' }));
    await api.sendCustomText('openid-1', '验证码 123456');
    assert.equal(fetch.requests[0].url.pathname, '/cgi-bin/message/custom/send');
    assert.deepEqual(fetch.requests[0].body, {
      touser: 'openid-1',
      msgtype: 'text',
      text: { content: '验证码 123456' },
    });
  });

  it('sends a template message and returns the msgid exactly, even above 2^53', async () => {
    const { api, fetch } = client(() => new Response('{"errcode":0,"errmsg":"ok","msgid":9223372036854775807}'));
    const msgid = await api.sendTemplate({
      toUser: 'o1',
      templateId: 'tpl',
      url: 'https://x',
      data: { code: { value: '123456' } },
    });
    assert.equal(msgid, '9223372036854775807');
    assert.equal(fetch.requests[0].url.pathname, '/cgi-bin/message/template/send');
    assert.deepEqual(fetch.requests[0].body, {
      touser: 'o1',
      template_id: 'tpl',
      url: 'https://x',
      data: { code: { value: '123456' } },
    });
  });

  it('reads user info with lang=zh_CN', async () => {
    const { api, fetch } = client(() => json({ subscribe: 1, openid: 'o1', subscribe_time: 1 }));
    const info = await api.getUserInfo('o1');
    assert.equal(info.subscribe, 1);
    assert.equal(info.openid, 'o1');
    const { searchParams, pathname } = fetch.requests[0].url;
    assert.equal(pathname, '/cgi-bin/user/info');
    assert.deepEqual(
      [searchParams.get('openid'), searchParams.get('lang'), fetch.requests[0].method],
      ['o1', 'zh_CN', 'GET'],
    );
  });
});

describe('WeChatClient errors', () => {
  it('turns errcode ≠ 0 into WeChatApiError', async () => {
    const { api, tokens } = client(() => json({ errcode: 45015, errmsg: 'response out of time limit' }));
    await assert.rejects(api.sendCustomText('o', 'x'), (err: unknown) => {
      return (
        err instanceof WeChatApiError &&
        err.errcode === 45015 &&
        err.errmsg === 'response out of time limit' &&
        err.code === 'api_error'
      );
    });
    assert.deepEqual(tokens.invalidated, []);
  });

  it('turns a non-2xx status into WeChatApiError(-1) naming the status, never the token', async () => {
    const { api } = client(() => new Response('nope', { status: 503 }));
    await assert.rejects(api.sendCustomText('o', 'x'), (err: unknown) => {
      return (
        err instanceof WeChatApiError &&
        err.errcode === -1 &&
        err.code === 'http_error' &&
        /503/.test(err.message) &&
        !err.message.includes('TKN')
      );
    });
  });

  it('turns invalid JSON and a network failure into WeChatApiError', async () => {
    await assert.rejects(
      client(() => new Response('<html>')).api.sendCustomText('o', 'x'),
      (err: unknown) => err instanceof WeChatApiError && err.code === 'invalid_response',
    );
    await assert.rejects(
      client(() => Promise.reject(new TypeError('fetch failed'))).api.sendCustomText('o', 'x'),
      (err: unknown) => err instanceof WeChatApiError && err.code === 'network_error',
    );
  });

  it('times out a hanging call', async () => {
    const { api } = client((_req, init) => hang(init), { timeoutMs: 50 });
    const started = Date.now();
    await assert.rejects(
      api.getUserInfo('o'),
      (err: unknown) => err instanceof WeChatApiError && err.code === 'timeout',
    );
    assert.ok(Date.now() - started < 1000);
  });

  it('times out even when fetch ignores the abort signal', async () => {
    const { api } = client(() => new Promise<Response>(() => undefined), { timeoutMs: 50 });
    await assert.rejects(
      api.getUserInfo('o'),
      (err: unknown) => err instanceof WeChatApiError && err.code === 'timeout',
    );
  });

  it('invalidates the refused token and retries once on 40014', async () => {
    let calls = 0;
    const { api, tokens } = client(() =>
      ++calls === 1 ? json({ errcode: 40014, errmsg: 'invalid access_token' }) : json({ errcode: 0 }),
    );
    await api.sendCustomText('o', 'x');
    assert.equal(calls, 2);
    assert.deepEqual(tokens.invalidated, ['TKN']);
  });

  it('validates required arguments', async () => {
    const { api, fetch } = client(() => json({}));
    await assert.rejects(api.sendCustomText('', 'x'), WeChatValidationError);
    await assert.rejects(api.sendCustomText('o', ''), WeChatValidationError);
    await assert.rejects(api.sendTemplate({ toUser: 'o', templateId: '', data: {} }), WeChatValidationError);
    await assert.rejects(api.getUserInfo(''), WeChatValidationError);
    assert.equal(fetch.requests.length, 0);
  });
});

describe('WeChatClient.getApiQuota and clearQuota', () => {
  it('posts cgi_path to openapi/quota/get and returns the quota', async () => {
    const { api, fetch } = client(() =>
      json({ errcode: 0, errmsg: 'ok', quota: { daily_limit: 100000, used: 80001, remain: 19999 } }),
    );
    assert.deepEqual(await api.getApiQuota('/cgi-bin/qrcode/create'), {
      dailyLimit: 100000,
      used: 80001,
      remain: 19999,
    });
    const [req] = fetch.requests;
    assert.equal(req.url.pathname, '/cgi-bin/openapi/quota/get');
    assert.equal(req.method, 'POST');
    assert.deepEqual(req.body, { cgi_path: '/cgi-bin/qrcode/create' });
  });

  it('refuses an answer without quota numbers, and a cgi_path not starting with /', async () => {
    const { api } = client(() => json({ errcode: 0, errmsg: 'ok' }));
    await assert.rejects(api.getApiQuota('/cgi-bin/qrcode/create'), { code: 'invalid_response' });
    await assert.rejects(api.getApiQuota('cgi-bin/x'), WeChatValidationError);
  });

  it('maps 76021 and 48006 to WeChatApiError with the errcode', async () => {
    const { api } = client(() => json({ errcode: 76021, errmsg: 'cgi_path not found, please check' }));
    await assert.rejects(api.getApiQuota('/cgi-bin/nope'), (err: unknown) => {
      return err instanceof WeChatApiError && err.errcode === 76021;
    });
    const limited = client(() =>
      json({ errcode: 48006, errmsg: 'forbid to clear quota because of reaching the limit' }),
    );
    await assert.rejects(
      limited.api.clearQuota(),
      (err: unknown) => err instanceof WeChatApiError && err.errcode === 48006,
    );
  });

  it("clear_quota sends the account's appid", async () => {
    const { api, fetch } = client(() => json({ errcode: 0, errmsg: 'ok' }));
    await api.clearQuota();
    assert.equal(fetch.requests[0].url.pathname, '/cgi-bin/clear_quota');
    assert.deepEqual(fetch.requests[0].body, { appid: 'wx' });
  });
});
