// The home page: WeBind's three flows as cards, each with its entry point (the follower's only where the
// simulated WeChat is on), in Chinese by default and in English on request.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { t } from '../../lib/i18n';
import { REAL_WECHAT, startTestServer, type TestServer } from '../helpers/server';

/** The `<article data-testid="flow-…">` cards of a page, by test id, as their HTML. */
function cards(html: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of html.matchAll(/<article[^>]*data-testid="(flow-\w+)"[^>]*>(.*?)<\/article>/gs)) found.set(m[1], m[2]);
  return found;
}

async function home(server: TestServer, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/`, { headers });
  assert.equal(res.status, 200);
  return cards(await res.text());
}

// One server at a time: pages read the process's services, which the last server started set.
describe('home page, simulated WeChat', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server?.stop());

  it('shows the three flows, login as the primary action, the follower one into the simulator', async () => {
    const found = await home(server);
    assert.deepEqual([...found.keys()], ['flow-login', 'flow-bind', 'flow-follower']);
    for (const flow of ['login', 'bind', 'follower'] as const) {
      assert.ok(found.get(`flow-${flow}`)?.includes(`<h3>${t('zh', `home.flow.${flow}.title`)}</h3>`), flow);
      assert.ok(found.get(`flow-${flow}`)?.includes(`<p>${t('zh', `home.flow.${flow}.body`)}</p>`), flow);
    }
    assert.match(found.get('flow-login') ?? '', /class="button primary" href="\/login"/);
    assert.match(found.get('flow-bind') ?? '', /class="button" href="\/register"/);
    assert.match(found.get('flow-follower') ?? '', /class="button" href="\/dev\/wechat"/);
  });

  it('speaks English when asked', async () => {
    const zh = await home(server);
    const en = await home(server, { 'accept-language': 'en' });
    assert.notEqual(en.get('flow-bind'), zh.get('flow-bind'));
    assert.ok(en.get('flow-bind')?.includes(`<h3>${t('en', 'home.flow.bind.title')}</h3>`));
    assert.ok(en.get('flow-bind')?.includes(`>${t('en', 'home.flow.bind.action')}</a>`));
  });
});

describe('home page, real WeChat', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(REAL_WECHAT);
  });
  after(() => server?.stop());

  it('has no entry into the simulator', async () => {
    const found = await home(server);
    assert.equal(found.size, 3);
    assert.doesNotMatch(found.get('flow-follower') ?? '', /href=/);
    assert.match(found.get('flow-follower') ?? '', /<h3>[^<]+<\/h3><p>[^<]+<\/p>/);
  });
});
