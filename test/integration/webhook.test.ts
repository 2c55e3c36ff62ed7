import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildPushRequest, buildXml, computeSignature, decodeAesKey, openReply, parseXml } from '../../lib/wechat';
import { startTestServer, type TestServer } from '../helpers/server';
import { pushToWebhook, textMessage } from '../helpers/wechat';

const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

async function post(server: TestServer, query: Record<string, string>, body: string) {
  const res = await fetch(`${server.url}/api/wechat?${new URLSearchParams(query)}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'text/xml' },
  });
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') };
}

describe('the webhook over HTTP, plaintext mode', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());
  const token = () => server.services.config.wechat.token;

  it('answers the server-configuration handshake only with a valid signature', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const q = {
      signature: computeSignature(token(), timestamp, '1234'),
      timestamp,
      nonce: '1234',
      echostr: 'echo-4711',
    };
    const ok = await fetch(`${server.url}/api/wechat?${new URLSearchParams(q)}`);
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), 'echo-4711');
    const bad = await fetch(`${server.url}/api/wechat?${new URLSearchParams({ ...q, signature: '0'.repeat(40) })}`);
    assert.equal(bad.status, 401);
    assert.notEqual(await bad.text(), 'echo-4711');
  });

  it('answers a text message with `success` and an unknown kind too', async () => {
    const res = await pushToWebhook(server.url, server.services.config, textMessage('o_someone_00001', 'hello'));
    assert.equal(res.status, 200);
    assert.equal(res.body, 'success');
    const image = await pushToWebhook(server.url, server.services.config, {
      FromUserName: 'o_someone_00001',
      MsgType: 'image',
      PicUrl: 'http://x/y.jpg',
      MsgId: '123456789012345678901',
    });
    assert.equal(image.body, 'success');
  });

  it('refuses a captured signature with a different body, accepts the same bytes again as a retry', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const first = buildPushRequest({
      token: token(),
      timestamp,
      nonce: '99887766',
      messageXml: buildXml({
        ToUserName: 'gh',
        FromUserName: 'o_victim_000001',
        CreateTime: Number(timestamp),
        MsgType: 'text',
        Content: '绑定',
        MsgId: '24601000000000000001',
      }),
    });
    const a = await post(server, first.query as Record<string, string>, first.rawBody);
    assert.equal(a.status, 200);
    assert.match(a.body, /wechat\/link/);
    const again = await post(server, first.query as Record<string, string>, first.rawBody);
    assert.equal(again.status, 200, 'a byte-identical resend is a retry');
    assert.equal(
      again.body.replace(/<CreateTime>\d+/, ''),
      a.body.replace(/<CreateTime>\d+/, ''),
      'answered like the first',
    );
    const forged = first.rawBody
      .replace('o_victim_000001', 'o_attacker_0001')
      .replace('24601000000000000001', '24601000000000000002');
    const refused = await post(server, first.query as Record<string, string>, forged);
    assert.ok(refused.status === 401 || refused.status === 403, `status ${refused.status}`);
    assert.doesNotMatch(refused.body, /wechat\/link/);
  });

  it('refuses a stale timestamp, an oversized body, a DOCTYPE and malformed XML', async () => {
    const old = String(Math.floor(Date.now() / 1000) - 3600);
    const stale = buildPushRequest({
      token: token(),
      timestamp: old,
      nonce: '1',
      messageXml: buildXml({
        ToUserName: 'gh',
        FromUserName: 'o1',
        CreateTime: Number(old),
        MsgType: 'text',
        Content: 'x',
        MsgId: '1',
      }),
    });
    assert.ok((await post(server, stale.query as Record<string, string>, stale.rawBody)).status >= 400);
    const now = String(Math.floor(Date.now() / 1000));
    const sign = (nonce: string) => ({ signature: computeSignature(token(), now, nonce), timestamp: now, nonce });
    assert.equal(
      (await post(server, sign('2'), `<xml><Content><![CDATA[${'a'.repeat(70_000)}]]></Content></xml>`)).status,
      413,
    );
    const doctype =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><xml><ToUserName>&lol;</ToUserName></xml>';
    assert.equal((await post(server, sign('3'), doctype)).status, 400);
    assert.equal((await post(server, sign('4'), '<xml><ToUserName>unclosed')).status, 400);
    const health = await fetch(`${server.url}/api/health`);
    assert.equal(health.status, 200, 'the server is still up');
  });

  it('answers other methods with 405', async () => {
    const res = await fetch(`${server.url}/api/wechat`, { method: 'PUT', body: 'x' });
    assert.equal(res.status, 405);
  });
});

describe('the webhook over HTTP, safe mode', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ WECHAT_ENCODING_AES_KEY: AES_KEY });
  });
  after(() => server.stop());

  it('decrypts an encrypted push and answers with an encrypted, signed reply', async () => {
    const { config } = server.services;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const req = buildPushRequest({
      token: config.wechat.token,
      timestamp,
      nonce: '5566',
      mode: 'safe',
      appId: config.wechat.appId,
      aesKey: decodeAesKey(AES_KEY),
      messageXml: buildXml({
        ToUserName: 'gh',
        FromUserName: 'o_safe_user_001',
        CreateTime: Number(timestamp),
        MsgType: 'text',
        Content: 'bind',
        MsgId: '9223372036854775807',
      }),
    });
    assert.doesNotMatch(req.rawBody, /o_safe_user_001/, 'the body on the wire is encrypted');
    const res = await post(server, req.query as Record<string, string>, req.rawBody);
    assert.equal(res.status, 200);
    assert.match(res.body, /<Encrypt>/);
    assert.match(res.body, /<MsgSignature>/);
    const inner = openReply({
      body: res.body,
      token: config.wechat.token,
      appId: config.wechat.appId,
      aesKey: decodeAesKey(AES_KEY),
    });
    assert.match(parseXml(inner!).Content, /wechat\/link/);
    const tampered = await post(
      server,
      { ...(req.query as Record<string, string>), msg_signature: '0'.repeat(40) },
      req.rawBody,
    );
    assert.equal(tampered.status, 401);
  });
});
