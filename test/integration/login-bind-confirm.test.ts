import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';
import { ScanWatcher } from '../helpers/socket';
import { linkInReply, pushToWebhook, scanEvent } from '../helpers/wechat';

const linkIn = (reply: string | null) => new URL(linkInReply(reply));

describe("an unbound WeChat is never bound to an attacker's account (issue 13, item 3)", () => {
  let server: TestServer;
  const watchers: ScanWatcher[] = [];
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    for (const w of watchers) w.close();
    await server.stop();
  });

  /** The attacker's browser shows a login QR; the victim, whose WeChat is bound to nothing, scans it. */
  async function victimScansAttackersQr(victim: string) {
    const attacker = new TestClient(server.url);
    const scene = (
      await attacker.post('/api/scan', { purpose: 'login' }, { 'user-agent': 'Mozilla/5.0 (X11; Linux) Firefox/140.0' })
    ).body as { sceneId: string; watchToken: string };
    const w = new ScanWatcher(server.url);
    watchers.push(w);
    assert.deepEqual(await w.watch(scene.watchToken), { ok: true });
    const scan = await pushToWebhook(server.url, server.services.config, scanEvent(victim, scene.sceneId, false));
    return { attacker, scene, w, scan };
  }
  const register = (c: TestClient, sceneId: string, email: string) =>
    c.post('/api/auth/bind-account', { sceneId, mode: 'register', email, password: 'attacker password' });

  it('refuses to bind on /bind-account until the phone confirms, and a cancel ends it', async () => {
    const victim = `o_victim_${Date.now().toString(36)}`;
    const { attacker, scene, w, scan } = await victimScansAttackersQr(victim);
    await w.waitForStatus(scene.sceneId, 'confirming');
    assert.match(scan.reply ?? '', /新账号/, 'the reply says it binds to a new account');

    const early = await register(attacker, scene.sceneId, `thief-${Date.now()}@example.com`);
    assert.equal(early.status, 409, JSON.stringify(early.body));
    assert.equal(await server.services.repos.bindings.findByOpenid(victim), null, 'nothing bound');

    // The confirm page names the site, the browser, a readable IP, and that it binds to a new account.
    const link = linkIn(scan.reply);
    const page = await (await fetch(link)).text();
    assert.match(page, /确认绑定/);
    assert.match(page, /绑定到一个新账号/);
    assert.match(page, /Firefox · Linux/);
    assert.match(page, new RegExp(new URL(server.services.config.publicUrl).host));
    assert.doesNotMatch(page, /::ffff:/, 'a readable IP');
    assert.match(page, /data-testid="confirm-ip"[^>]*>127\.0\.0\.1</);

    const phone = new TestClient(server.url);
    const cancel = await phone.post('/api/auth/wechat/confirm', {
      token: link.searchParams.get('token'),
      approve: false,
    });
    assert.deepEqual(cancel.body, { status: 'cancelled' });
    await w.waitForStatus(scene.sceneId, 'cancelled');
    const late = await register(attacker, scene.sceneId, `thief2-${Date.now()}@example.com`);
    assert.equal(late.status, 409);
    assert.equal(await server.services.repos.bindings.findByOpenid(victim), null, 'still nothing bound');
  });

  it('binds only after the phone agrees, then the browser finishes on /bind-account', async () => {
    const who = `o_willing_${Date.now().toString(36)}`;
    const { attacker: browser, scene, w, scan } = await victimScansAttackersQr(who);
    const ok = await new TestClient(server.url).post('/api/auth/wechat/confirm', {
      token: linkIn(scan.reply).searchParams.get('token'),
      approve: true,
    });
    assert.deepEqual(ok.body, { status: 'needs_binding' });
    await w.waitForStatus(scene.sceneId, 'needs_binding');
    const email = `willing-${Date.now()}@example.com`;
    const done = await register(browser, scene.sceneId, email);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const binding = await server.services.repos.bindings.findByOpenid(who);
    assert.equal(binding?.userId, (await server.services.repos.users.findByEmail(email))?.id);
  });
});
