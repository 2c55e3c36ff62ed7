// A push is acknowledged to WeChat only once the pushes its handling made have left this instance
// (server/adapter.ts publishBarrier; with one instance nothing is waited on). When they cannot leave,
// WeChat gets no 2xx and its retry, finding the scene already moved by the same openid, pushes again.
// Both webhook paths: the handlers' (SQLite) and PostgreSQL's one call (webind_scan).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createWebhook } from '../../server/webhook';
import { createUser, signedInClient } from '../helpers/accounts';
import { startTestServer, TEST_DIALECT, type TestServer } from '../helpers/server';
import { ScanWatcher } from '../helpers/socket';
import { pushToWebhook, scanEvent } from '../helpers/wechat';

describe(`the webhook waits for its pushes to leave (${TEST_DIALECT})`, () => {
  let server: TestServer;
  let busDown: Server;
  let busDownUrl = '';
  const watchers: ScanWatcher[] = [];
  before(async () => {
    server = await startTestServer();
    // A second webhook on the same services whose bus refuses every publish, as a dead Redis would.
    const webhook = createWebhook(server.services, () => Promise.reject(new Error('the bus is down')));
    busDown = createServer((req, res) => void webhook(req, res));
    await new Promise<void>((resolve) => busDown.listen(0, '127.0.0.1', resolve));
    busDownUrl = `http://127.0.0.1:${(busDown.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const w of watchers) w.close();
    await new Promise((resolve) => busDown.close(resolve));
    await server.stop();
  });

  it('answers no 2xx while its push cannot leave, and the retry pushes the bound scene', async () => {
    const user = await createUser(server);
    const c = await signedInClient(server, user.id);
    const scene = (await c.post('/api/scan', { purpose: 'bind' })).body;
    assert.ok(scene.sceneId, JSON.stringify(scene));
    const w = new ScanWatcher(server.url);
    watchers.push(w);
    await w.watch(scene.watchToken);
    await w.waitForStatus(scene.sceneId, 'pending');
    const openid = `obarrier${Date.now().toString(36)}`;
    const event = scanEvent(openid, scene.sceneId);

    const first = await pushToWebhook(busDownUrl, server.services.config, event, { now: server.services.now() });
    assert.equal(first.status, 503, 'not acknowledged: WeChat delivers again');
    // The binding itself committed; only its push is unaccounted for.
    assert.equal((await server.services.repos.bindings.findByOpenid(openid))?.userId, user.id);

    const retry = await pushToWebhook(server.url, server.services.config, event, { now: server.services.now() });
    assert.equal(retry.status, 200);
    assert.match(retry.reply ?? '', /^已绑定到账号/);
    await w.waitForStatus(scene.sceneId, 'bound');
  });
});
