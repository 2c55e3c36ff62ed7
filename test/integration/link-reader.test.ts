import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBindLink } from '../../lib/auth/bind-link';
import { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';
import { ScanWatcher } from '../helpers/socket';

// A signed bind link opened outside WeChat (issue 15): the reader proves possession of the link's WeChat by
// sending the page's keyword code to the account from it; the page learns the outcome over Socket.IO.
describe('signed links outside WeChat: the keyword code proves the reader', () => {
  let server: TestServer;
  const watchers: ScanWatcher[] = [];
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    for (const w of watchers) w.socket.close();
    await server.stop();
  });

  const fieldsOf = (openid: string) => {
    const { config } = server.services;
    return Object.fromEntries(
      new URL(createBindLink(config.publicUrl, config.appSecret, openid, Date.now())).searchParams,
    );
  };
  const register = (client: TestClient, fields: Record<string, string>, email: string) =>
    client.post('/api/auth/bind-link', { ...fields, mode: 'register', email, password: 'a long enough password 1' });

  /** Opens the link's code check in `client` and watches its scene like the page does. */
  async function startCheck(client: TestClient, fields: Record<string, string>) {
    const started = await client.post('/api/auth/link-reader', fields);
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assert.match(started.body.keywordCode, /^[A-Z2-9]{6}$/);
    const watcher = new ScanWatcher(server.url);
    watchers.push(watcher);
    assert.deepEqual(await watcher.watch(started.body.watchToken), { ok: true });
    return { ...started.body, watcher } as { sceneId: string; keywordCode: string; watcher: ScanWatcher };
  }

  it('asks for the keyword code and refuses the link without it', async () => {
    const owner = server.simulator!.driver.user('lr-ann', { following: true });
    const fields = fieldsOf(owner.openid);
    const page = await new TestClient(server.url).get(`/wechat/link?${new URLSearchParams(fields)}`);
    assert.match(String(page.body), /data-testid="link-reader"/);
    assert.doesNotMatch(String(page.body), /<form/);
    const attempt = await register(new TestClient(server.url), fields, 'lr-ann@example.com');
    assert.equal(attempt.status, 403);
    assert.equal(attempt.body.error.code, 'link_reader_required');
    assert.equal(await server.services.repos.bindings.findByOpenid(owner.openid), null);
  });

  it('lets the link proceed once the code comes from the link’s own WeChat, pushed to the page', async () => {
    const owner = server.simulator!.driver.user('lr-bea', { following: true });
    const fields = fieldsOf(owner.openid);
    const browser = new TestClient(server.url);
    const check = await startCheck(browser, fields);

    const sent = await owner.send(check.keywordCode.toLowerCase());
    assert.match(sent.reply ?? '', /已确认是你的微信/);
    const update = await check.watcher.waitFor((u) => u.status === 'login_ready');
    assert.equal(update.sceneId, check.sceneId);
    // Another browser cannot take this browser's proof.
    const thief = new TestClient(server.url);
    await thief.post('/api/auth/link-reader', fields); // a key of its own, just not that one
    assert.equal((await thief.post('/api/auth/link-reader/confirm', { sceneId: check.sceneId })).status, 403);

    const proved = await browser.post('/api/auth/link-reader/confirm', { sceneId: check.sceneId });
    assert.equal(proved.status, 200, JSON.stringify(proved.body));
    assert.equal((await browser.post('/api/auth/link-reader/confirm', { sceneId: check.sceneId })).status, 409);
    const page = await browser.get(`/wechat/link?${new URLSearchParams(fields)}`);
    assert.match(String(page.body), /<form/);
    const bound = await register(browser, fields, 'lr-bea@example.com');
    assert.equal(bound.status, 200, JSON.stringify(bound.body));
    assert.equal((await server.services.repos.bindings.findByOpenid(owner.openid))?.userId, bound.body.user.id);
    // The proof names bea's WeChat: another link (of another follower) stays closed to this browser.
    const other = server.simulator!.driver.user('lr-cal', { following: true });
    const theirs = await register(browser, fieldsOf(other.openid), 'lr-cal@example.com');
    assert.equal(theirs.status, 403);
    assert.equal(theirs.body.error.code, 'link_mismatch');
  });

  it('refuses a forwarded link when the code comes from another WeChat, and the code is used up', async () => {
    const owner = server.simulator!.driver.user('lr-dan', { following: true });
    const stranger = server.simulator!.driver.user('lr-eve', { following: true });
    const fields = fieldsOf(owner.openid);
    const browser = new TestClient(server.url);
    const check = await startCheck(browser, fields);

    const sent = await stranger.send(check.keywordCode);
    assert.match(sent.reply ?? '', /不是发给你的微信/);
    const update = await check.watcher.waitFor((u) => u.status === 'conflict');
    assert.equal(update.reason, 'other_wechat');
    const proof = await browser.post('/api/auth/link-reader/confirm', { sceneId: check.sceneId });
    assert.equal(proof.status, 403);
    assert.equal(proof.body.error.code, 'link_mismatch');
    assert.equal((await register(browser, fields, 'lr-eve@example.com')).status, 403);
    // The owner cannot reuse the spent code either; a fresh check is needed.
    assert.doesNotMatch((await owner.send(check.keywordCode)).reply ?? '', /已确认/);
    assert.equal(await server.services.repos.bindings.findByOpenid(owner.openid), null);
    assert.equal(await server.services.repos.users.findByEmail('lr-eve@example.com'), null);
  });

  it('refuses to start a check for a tampered, used or already bound link', async () => {
    const owner = server.simulator!.driver.user('lr-fay', { following: true });
    const fields = fieldsOf(owner.openid);
    const tampered = await new TestClient(server.url).post('/api/auth/link-reader', { ...fields, openid: 'oFORGED' });
    assert.equal(tampered.status, 403);
    assert.equal(tampered.body.error.code, 'link_invalid');
    const browser = new TestClient(server.url);
    const check = await startCheck(browser, fields);
    await owner.send(check.keywordCode);
    await check.watcher.waitFor((u) => u.status === 'login_ready');
    assert.equal((await browser.post('/api/auth/link-reader/confirm', { sceneId: check.sceneId })).status, 200);
    assert.equal((await register(browser, fields, 'lr-fay@example.com')).status, 200);
    const again = await new TestClient(server.url).post('/api/auth/link-reader', fields);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'link_used');
    const fresh = await new TestClient(server.url).post('/api/auth/link-reader', fieldsOf(owner.openid));
    assert.equal(fresh.status, 409);
    assert.equal(fresh.body.error.code, 'link_bound');
  });
});
