import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildPushRequest, buildXml, computeSignature } from '../../lib/wechat';
import { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';
import { pushToWebhook, scanEvent, textMessage } from '../helpers/wechat';

const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

async function post(server: TestServer, query: Record<string, string>, body: string) {
  const res = await fetch(`${server.url}/api/wechat?${new URLSearchParams(query)}`, { method: 'POST', body });
  return { status: res.status, body: await res.text() };
}

describe('webhook handshake and plaintext gaps (issue 13, item 8)', () => {
  describe('plaintext account', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer();
    });
    after(() => server.stop());
    const token = () => server.services.config.wechat.token;

    it('refuses a forged scan signed with a handshake URL seen in a proxy log', async () => {
      const browser = new TestClient(server.url);
      const scene = (await browser.post('/api/scan', { purpose: 'login' })).body as { sceneId: string };
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = '31337';
      const handshake = { signature: computeSignature(token(), timestamp, nonce), timestamp, nonce, echostr: 'e' };
      const shake = await fetch(`${server.url}/api/wechat?${new URLSearchParams(handshake)}`);
      assert.equal(shake.status, 200);
      assert.equal(await shake.text(), 'e');

      const { echostr: _, ...query } = handshake;
      const forged = buildXml({
        ToUserName: 'gh',
        ...scanEvent('o_attacker_0001', scene.sceneId),
      });
      const res = await post(server, query, forged);
      assert.equal(res.status, 403);
      assert.doesNotMatch(res.body, /wechat\/confirm|href/);
      const stored = await server.services.repos.scenes.get(scene.sceneId);
      assert.equal(stored?.status, 'pending', 'the login scene was not touched');
    });

    it('refuses a handshake outside the timestamp window', async () => {
      const old = String(Math.floor(Date.now() / 1000) - 3600);
      const q = { signature: computeSignature(token(), old, '42'), timestamp: old, nonce: '42', echostr: 'old' };
      const res = await fetch(`${server.url}/api/wechat?${new URLSearchParams(q)}`);
      assert.equal(res.status, 401);
      assert.notEqual(await res.text(), 'old');
    });
  });

  describe('account with an EncodingAESKey', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ WECHAT_ENCODING_AES_KEY: AES_KEY });
    });
    after(() => server.stop());

    it('refuses a correctly signed plaintext push (no Encrypt) and answers an encrypted one', async () => {
      const { config } = server.services;
      const timestamp = String(Math.floor(Date.now() / 1000));
      const plain = buildPushRequest({
        token: config.wechat.token,
        timestamp,
        nonce: '5150',
        messageXml: buildXml({
          ToUserName: 'gh',
          CreateTime: Number(timestamp),
          ...textMessage('o_plain_0001', '绑定'),
        }),
      });
      const refused = await post(server, plain.query as Record<string, string>, plain.rawBody);
      assert.equal(refused.status, 401);
      assert.match(refused.body, /plaintext_refused/);
      assert.doesNotMatch(refused.body, /wechat\/link/);
      const ok = await pushToWebhook(server.url, config, textMessage('o_safe_0001', '绑定'));
      assert.equal(ok.status, 200);
      assert.match(ok.reply ?? '', /wechat\/link/);
    });
  });
});
