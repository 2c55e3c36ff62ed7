import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io } from 'socket.io-client';
import { createApiKey } from '../../lib/apikeys/api-keys';
import { addWebhookEndpoint } from '../../lib/webhooks/endpoints';
import { runScript } from '../helpers/cli';
import { startTestServer, type TestServer } from '../helpers/server';
import { sleep } from '../helpers/socket';
import { WebhookReceiver } from '../helpers/webhook-receiver';
import { pushToWebhook } from '../helpers/wechat';

const HOST_ORIGIN = 'http://host-site.test:8123';

describe('server API for host sites', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let key: string;
  before(async () => {
    server = await startTestServer({
      EMBED_ORIGINS: HOST_ORIGIN,
      WEBHOOK_RETRY_SCHEDULE: '0.2,0.2,0.2,0.2,0.2,0.2,0.2',
    });
    receiver = await new WebhookReceiver().start();
    const endpoint = await addWebhookEndpoint(server.services.repos, { url: receiver.url }, Date.now());
    receiver.secret = endpoint.secret;
    key = (await createApiKey(server.services.repos, { name: 'shop' }, Date.now())).key;
  });
  after(async () => {
    await server.stop();
    await receiver.stop();
  });

  const api = async (method: string, path: string, body?: unknown, bearer: string | null = key) => {
    const res = await fetch(server.url + path, {
      method,
      headers: {
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: the tests read whatever JSON the API answered
    let json: any = text;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, body: json, headers: res.headers };
  };
  const sim = () => server.simulator!.driver;

  it('refuses calls without a key, with a malformed key and with an unknown key, in the error shape', async () => {
    for (const bearer of [null, 'not-a-key', 'wbk_unknownunknownunknownunknown']) {
      const res = await api('POST', '/api/v1/scenes', { purpose: 'login' }, bearer);
      assert.equal(res.status, 401);
      assert.match(res.body.error.code, /^api_key_(missing|invalid)$/);
      assert.equal(typeof res.body.error.message, 'string');
    }
    assert.equal((await api('GET', '/api/v1/bindings?externalUserId=x', undefined, `${key}x`)).status, 401);
  });

  it('validates input with zod and answers 400 naming the problem, creating nothing', async () => {
    const qrsBefore = sim().qrs().length;
    const cases: Array<[unknown, string]> = [
      [{ purpose: 'verify' }, 'invalid_purpose'],
      [{ purpose: 'bind' }, 'external_user_id_for_bind_only'],
      [{ purpose: 'login', externalUserId: 'u-1' }, 'external_user_id_for_bind_only'],
      [{ purpose: 'bind', externalUserId: 'u-1', ttlSeconds: 5 }, 'invalid_ttl'],
      [{ purpose: 'bind', externalUserId: 'x'.repeat(129) }, 'invalid_external_user_id'],
      [{ purpose: 'bind', externalUserId: 'u-1', admin: true }, 'invalid_input'],
      ['{not json', 'invalid_json'],
    ];
    for (const [body, code] of cases) {
      const res = await api('POST', '/api/v1/scenes', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, code, JSON.stringify(body));
    }
    assert.equal(sim().qrs().length, qrsBefore, 'no QR was created for bad input');
    const both = await api('GET', '/api/v1/bindings?externalUserId=a&openid=b');
    assert.equal(both.body.error.code, 'one_of_external_user_id_or_openid');
    const twice = await api('GET', '/api/v1/bindings?externalUserId=a&externalUserId=b');
    assert.equal(twice.status, 400);
  });

  it('binds a host user by scan: binding.created signed per Standard Webhooks, lookup, message to the phone, unbind', async () => {
    const created = await api('POST', '/api/v1/scenes', { purpose: 'bind', externalUserId: 'u-42', ttlSeconds: 120 });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const scene = created.body;
    assert.ok(scene.sceneId && scene.qrContent && scene.watchToken);
    assert.ok(Math.abs(scene.expiresAt - (Date.now() + 120_000)) < 5000);
    assert.ok('keywordCode' in scene);

    const phone = sim().user('host-user-42', { following: true });
    const scanned = await phone.scan(scene.qrContent);
    assert.match(scanned.reply ?? '', /绑定成功/);

    const event = await receiver.waitFor((e) => e.type === 'binding.created' && e.data.externalUserId === 'u-42');
    assert.equal(event.data.openid, phone.openid);
    assert.match(event.id, /^msg_/);
    assert.match(event.headers['webhook-signature'], /^v1,/);

    const found = await api('GET', '/api/v1/bindings?externalUserId=u-42');
    assert.equal(found.status, 200);
    assert.equal(found.body.bindings.length, 1);
    assert.equal(found.body.bindings[0].openid, phone.openid);
    assert.equal(found.body.bindings[0].id, event.data.bindingId);
    const byOpenid = await api('GET', `/api/v1/bindings?openid=${phone.openid}`);
    assert.equal(byOpenid.body.bindings[0].externalUserId, 'u-42');
    assert.deepEqual((await api('GET', '/api/v1/bindings?externalUserId=nobody')).body.bindings, []);

    const sent = await api('POST', '/api/v1/messages', { externalUserId: 'u-42', text: '您的订单已发货' });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.deepEqual(sent.body, { delivered: true, channel: 'custom', reason: null });
    const last = phone.timeline().at(-1)!;
    assert.equal(last.kind === 'account_text' && last.text, '您的订单已发货');

    const state = await api('GET', `/api/v1/scenes/${scene.sceneId}`);
    assert.equal(state.body.status, 'bound');
    assert.equal(state.body.externalUserId, 'u-42');

    // The bound user's own text reaches the host as message.received, naming their externalUserId.
    await phone.send('查询订单 1234');
    const message = await receiver.waitFor((e) => e.type === 'message.received');
    assert.equal(message.data.externalUserId, 'u-42');
    assert.equal(message.data.text, '查询订单 1234');

    // A login QR scanned by the bound user names them.
    const login = (await api('POST', '/api/v1/scenes', { purpose: 'login' })).body;
    assert.match((await phone.scan(login.qrContent)).reply ?? '', /登录成功/);
    const loginEvent = await receiver.waitFor((e) => e.type === 'login.succeeded');
    assert.equal(loginEvent.data.externalUserId, 'u-42');
    assert.equal(loginEvent.data.sceneId, login.sceneId);
    const loginState = await api('GET', `/api/v1/scenes/${login.sceneId}`);
    assert.deepEqual([loginState.body.status, loginState.body.externalUserId], ['login_ready', 'u-42']);

    const removed = await api('DELETE', `/api/v1/bindings/${event.data.bindingId}`);
    assert.equal(removed.status, 200);
    const deleted = await receiver.waitFor((e) => e.type === 'binding.deleted');
    assert.equal(deleted.data.externalUserId, 'u-42');
    assert.equal((await api('DELETE', `/api/v1/bindings/${event.data.bindingId}`)).status, 404);
    assert.deepEqual((await api('GET', '/api/v1/bindings?externalUserId=u-42')).body.bindings, []);
    const notBound = await api('POST', '/api/v1/messages', { externalUserId: 'u-42', text: 'x' });
    assert.equal(notBound.status, 404);
  });

  it('refuses to bind an openid already bound to another host user, and says so', async () => {
    const phone = sim().user('host-user-dup', { following: true });
    const a = (await api('POST', '/api/v1/scenes', { purpose: 'bind', externalUserId: 'dup-a' })).body;
    await phone.scan(a.qrContent);
    const b = (await api('POST', '/api/v1/scenes', { purpose: 'bind', externalUserId: 'dup-b' })).body;
    const reply = await phone.scan(b.qrContent);
    assert.match(reply.reply ?? '', /已绑定其他账号/);
    assert.equal((await api('GET', `/api/v1/scenes/${b.sceneId}`)).body.status, 'conflict');
    assert.deepEqual((await api('GET', '/api/v1/bindings?externalUserId=dup-b')).body.bindings, []);
  });

  it('answers which channel failed when a message cannot be delivered', async () => {
    const phone = sim().user('host-user-idle', { following: true });
    const s = (await api('POST', '/api/v1/scenes', { purpose: 'bind', externalUserId: 'idle-1' })).body;
    await phone.scan(s.qrContent);
    phone.idle(49 * 3600_000);
    const res = await api('POST', '/api/v1/messages', { openid: phone.openid, text: 'hello' });
    assert.equal(res.status, 200);
    assert.equal(res.body.delivered, false);
    assert.equal(res.body.reason, 'outside_window');
  });

  it('reports follows, unfollows and revoked authorizations', async () => {
    const phone = sim().user('host-follower');
    await phone.follow();
    const followed = await receiver.waitFor((e) => e.type === 'follower.subscribed' && e.data.openid === phone.openid);
    assert.equal(followed.data.externalUserId, null);
    await phone.unfollow();
    await receiver.waitFor((e) => e.type === 'follower.unsubscribed' && e.data.openid === phone.openid);
    const res = await pushToWebhook(server.url, server.services.config, {
      FromUserName: 'platform-push',
      MsgType: 'event',
      Event: 'user_authorization_revoke',
      OpenID: phone.openid,
      AppID: server.services.config.wechat.appId,
      RevokeInfo: '205',
    });
    assert.equal(res.status, 200);
    const revoked = await receiver.waitFor((e) => e.type === 'user.authorization_revoked');
    assert.equal(revoked.data.openid, phone.openid);
    assert.equal(revoked.data.revokeInfo, '205');
  });

  it("rate-limits per key and audits every call with the key's name", async () => {
    const slow = (await createApiKey(server.services.repos, { name: 'slow', ratePerMinute: 3 }, Date.now())).key;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await api('GET', '/api/v1/bindings?externalUserId=x', undefined, slow)).status);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    assert.equal((await api('GET', '/api/v1/bindings?externalUserId=x')).status, 200, 'another key has its own budget');
    const audit = await server.services.repos.audit.list({ action: 'api.call' });
    const slowCalls = audit.filter((a) => a.detail?.key === 'slow');
    assert.equal(slowCalls.length, 4);
    assert.deepEqual(
      slowCalls.map((a) => a.detail?.status),
      [200, 200, 200, 429],
    );
    assert.equal(slowCalls[0].detail?.path, '/api/v1/bindings');
  });

  it('creates and revokes keys with npm run apikey, effective on the running server without a restart', async () => {
    const env = { ...process.env, DATABASE_URL: server.services.config.databaseUrl, LOG_LEVEL: 'silent' };
    const made = await runScript('scripts/apikey.ts', ['create', 'cli-key'], env);
    assert.equal(made.status, 0, made.stderr);
    const cliKey = made.stdout.trim();
    assert.match(cliKey, /^wbk_[A-Za-z0-9_-]{43}$/);
    const listed = await server.services.repos.apiKeys.list();
    assert.ok(listed.some((k) => k.name === 'cli-key'));
    assert.ok(!JSON.stringify(listed).includes(cliKey), 'only the hash is stored');
    assert.equal((await api('GET', '/api/v1/bindings?externalUserId=x', undefined, cliKey)).status, 200);
    const dup = await runScript('scripts/apikey.ts', ['create', 'cli-key'], env);
    assert.equal(dup.status, 1);
    assert.match(dup.stderr, /key_name_taken/);
    const revoked = await runScript('scripts/apikey.ts', ['revoke', 'cli-key'], env);
    assert.equal(revoked.status, 0, revoked.stderr);
    assert.equal((await api('GET', '/api/v1/bindings?externalUserId=x', undefined, cliKey)).status, 401);
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const res = await api('GET', '/api/v1/openapi.json', undefined, null);
    assert.equal(res.status, 200);
    assert.equal(res.body.openapi, '3.1.0');
    for (const p of [
      '/api/v1/scenes',
      '/api/v1/scenes/{id}',
      '/api/v1/bindings',
      '/api/v1/bindings/{id}',
      '/api/v1/messages',
    ])
      assert.ok(res.body.paths[p], p);
    const input = res.body.components.schemas.CreateSceneInput;
    assert.deepEqual(input.properties.purpose.enum, ['bind', 'login']);
    assert.equal(input.properties.ttlSeconds.maximum, 2592000);
    assert.equal(res.body.components.securitySchemes.apiKey.scheme, 'bearer');
  });

  it('serves /embed.js and the socket cross-origin only to EMBED_ORIGINS', async () => {
    const ok = await fetch(`${server.url}/embed.js`, {
      headers: { origin: HOST_ORIGIN, 'sec-fetch-site': 'cross-site' },
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), HOST_ORIGIN);
    assert.match(await ok.text(), /WeBind/);
    const evil = await fetch(`${server.url}/embed.js`, {
      headers: { origin: 'http://evil.test', 'sec-fetch-site': 'cross-site' },
    });
    assert.equal(evil.status, 403);
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
    const noOrigin = await fetch(`${server.url}/embed.js`, { headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(noOrigin.status, 403, 'a cross-site load must name its origin (crossorigin attribute)');

    const connect = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = io(`${server.url}/scan`, {
          transports: ['websocket'],
          extraHeaders: { origin },
          reconnection: false,
        });
        socket.on('connect', () => {
          socket.close();
          resolve('connected');
        });
        socket.on('connect_error', () => {
          socket.close();
          resolve('refused');
        });
      });
    assert.equal(await connect(HOST_ORIGIN), 'connected');
    assert.equal(await connect('http://evil.test'), 'refused');
    await sleep(10);
  });
});
