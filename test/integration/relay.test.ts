import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
// node-webot's middleware: the "existing WeChat server" a site already runs, checking its own signatures.
import wechat from 'wechat';
import { createApiKey } from '../../lib/apikeys/api-keys';
import { SIMULATOR_ACCOUNT } from '../../lib/config';
import { startTestServer, type TestServer } from '../helpers/server';
import { pushToWebhook } from '../helpers/wechat';

const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

interface Target {
  url: string;
  seen: Array<{ type: string; content?: string; eventKey?: string; encrypted: boolean }>;
  refused: number;
  server: Server;
}

/** What node-webot's middleware adds to Node's request (test/bench/wechat.d.ts types the rest). */
type WebotRequest = IncomingMessage & { query: Record<string, string>; weixin: Record<string, string> };

/** The site's existing server: node-webot `wechat` middleware on a plain Node HTTP server. */
async function startExistingServer(encodingAESKey?: string): Promise<Target> {
  const target: Target = { url: '', seen: [], refused: 0, server: null as unknown as Server };
  const middleware = wechat(
    { token: SIMULATOR_ACCOUNT.token, appid: SIMULATOR_ACCOUNT.appId, encodingAESKey, checkSignature: true },
    (request, res) => {
      const req = request as WebotRequest;
      const m = req.weixin;
      target.seen.push({
        type: m.MsgType === 'event' ? m.Event : m.MsgType,
        content: m.Content,
        eventKey: m.EventKey,
        encrypted: !!req.query.encrypt_type,
      });
      if (m.MsgType === 'text' && m.Content === 'slow') return setTimeout(() => res.reply('too late'), 4500);
      if (m.MsgType === 'text') return res.reply(`existing server: ${m.Content}`);
      if (m.Event === 'CLICK') return res.reply(`menu ${m.EventKey}`);
      if (m.Event === 'SCAN') return res.reply(`their scene ${m.EventKey}`);
      res.reply('');
    },
  );
  target.server = createServer((req, res) => {
    // Express would parse the query; a plain Node server hands it over like this.
    (req as WebotRequest).query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
    res.on('finish', () => {
      if (res.statusCode === 401) target.refused++;
    });
    middleware(req, res, () => {
      res.statusCode = 404;
      res.end();
    });
  });
  await new Promise<void>((resolve) => target.server.listen(0, '127.0.0.1', resolve));
  target.url = `http://127.0.0.1:${(target.server.address() as AddressInfo).port}/wechat?from=config`;
  return target;
}

for (const mode of ['plaintext', 'safe'] as const) {
  describe(`relay to an existing WeChat server (${mode} mode)`, () => {
    let server: TestServer;
    let target: Target;
    let key: string;
    before(async () => {
      const aes = mode === 'safe' ? AES_KEY : undefined;
      target = await startExistingServer(aes);
      server = await startTestServer({
        WECHAT_RELAY_URL: target.url,
        ...(aes ? { WECHAT_ENCODING_AES_KEY: aes } : {}),
      });
      key = (await createApiKey(server.services.repos, { name: 'relay-host' }, Date.now())).key;
    });
    after(async () => {
      await server.stop();
      target.server.closeAllConnections();
      await new Promise((r) => target.server.close(r));
    });
    const sim = () => server.simulator!.driver;

    it("returns the existing server's passive reply to a text that is not WeBind's", async () => {
      const phone = sim().user(`relay-text-${mode}`, { following: true });
      const result = await phone.send('查快递');
      assert.equal(result.reply, 'existing server: 查快递');
      const last = phone.timeline().at(-1)!;
      assert.equal(last.kind === 'account_text' && last.text, 'existing server: 查快递');
      assert.equal(target.refused, 0, 'its own signature check passed');
      assert.equal(target.seen.at(-1)!.encrypted, mode === 'safe', 'relayed as received');
      if (mode === 'safe') assert.ok(result.deliveries[0].attempts[0].body!.includes('<Encrypt>'));
    });

    it('relays foreign scenes and other menu keys, keeps WeBind scenes and WeBind menu keys', async () => {
      const phone = sim().user(`relay-scan-${mode}`, { following: true });
      const foreign = await pushToWebhook(server.url, server.services.config, {
        FromUserName: phone.openid,
        MsgType: 'event',
        Event: 'SCAN',
        EventKey: 'their-own-scene-7',
      });
      assert.equal(foreign.reply, 'their scene their-own-scene-7');

      const seenBefore = target.seen.length;
      const scene = await fetch(`${server.url}/api/v1/scenes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ purpose: 'bind', externalUserId: `relay-${mode}` }),
      }).then((r) => r.json());
      const ours = await phone.scan(scene.qrContent);
      assert.match(ours.reply ?? '', /绑定成功/);
      assert.equal(target.seen.length, seenBefore, "WeBind's scene never reached the existing server");

      assert.equal((await phone.click('ORDERS')).reply, 'menu ORDERS');
      const bindMenu = await phone.click('BIND_ACCOUNT');
      assert.notEqual(bindMenu.reply, 'menu BIND_ACCOUNT');
      assert.equal(target.seen.filter((s) => s.eventKey === 'BIND_ACCOUNT').length, 0);
    });

    it('answers WeChat in time with success when the existing server is too slow', async () => {
      const phone = sim().user(`relay-slow-${mode}`, { following: true });
      const started = Date.now();
      const result = await phone.send('slow');
      const took = Date.now() - started;
      assert.equal(result.reply, null, 'success, not the late reply');
      assert.ok(took < 4000, `answered in ${took} ms`);
      assert.equal(result.deliveries[0].attempts.length, 1, 'WeChat did not have to retry');
    });
  });
}
