import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PassThrough } from 'node:stream';
// parse-prometheus-text-format ships no types: an independent parser of the exposition format.
// @ts-expect-error no declaration file
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { createUser, signedInClient } from '../helpers/accounts';
import { startTestServer, type TestServer } from '../helpers/server';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

interface Family {
  name: string;
  type: string;
  metrics: Array<{ value?: string; labels?: Record<string, string>; buckets?: Record<string, string>; count?: string }>;
}

describe('GET /metrics and the webhook log', () => {
  let server: TestServer;
  const lines: string[] = [];
  before(async () => {
    const stream = new PassThrough();
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts.filter(Boolean));
    });
    server = await startTestServer({ METRICS_TOKEN, LOG_LEVEL: 'info' }, undefined, { logStream: stream });
  });
  after(async () => {
    await server.stop();
  });

  async function scrape(): Promise<Map<string, Family>> {
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const families = parsePrometheusTextFormat(await res.text()) as Family[];
    return new Map(families.map((f) => [f.name, f]));
  }
  const value = (families: Map<string, Family>, name: string, labels: Record<string, string> = {}) => {
    const family = families.get(name);
    if (!family) return 0;
    // This parser drops a histogram's labels: count every series of it (the +Inf bucket is the count).
    if (family.type === 'HISTOGRAM') return family.metrics.reduce((n, m) => n + Number(m.buckets?.['+Inf'] ?? 0), 0);
    const found = family.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
    return Number(found?.value ?? found?.count ?? 0);
  };

  it('refuses a scrape without the token, with a wrong one, and by another method', async () => {
    assert.equal((await fetch(`${server.url}/metrics`)).status, 401);
    const wrong = await fetch(`${server.url}/metrics`, {
      headers: { authorization: 'Bearer wrong-token-0123456789abcd' },
    });
    assert.equal(wrong.status, 401);
    const basic = await fetch(`${server.url}/metrics`, { headers: { authorization: `Basic ${METRICS_TOKEN}` } });
    assert.equal(basic.status, 401);
    const post = await fetch(`${server.url}/metrics`, {
      method: 'POST',
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    assert.equal(post.status, 405);
  });

  it('parses as the Prometheus exposition format and its counters move with a simulated scan', async () => {
    const before = await scrape();
    for (const name of [
      'webind_process_cpu_seconds_total',
      'webind_nodejs_eventloop_lag_seconds',
      'webind_sockets_connected',
    ])
      assert.ok(before.has(name), `${name} is exposed`);
    // Collected by walking every handle or descriptor: a scrape at 10,000 connections stalled the loop.
    for (const name of [
      'webind_nodejs_active_handles',
      'webind_nodejs_active_handles_total',
      'webind_nodejs_active_requests',
      'webind_nodejs_active_requests_total',
      'webind_nodejs_active_resources',
      'webind_nodejs_active_resources_total',
      'webind_process_open_fds',
    ])
      assert.ok(!before.has(name), `${name} is not collected`);
    assert.equal(before.get('webind_webhook_duration_seconds')?.type, 'HISTOGRAM');

    const user = await createUser(server, { email: 'metrics@example.com' });
    const client = await signedInClient(server, user.id);
    const scene = await client.post('/api/scan', { purpose: 'bind' });
    assert.equal(scene.status, 201);
    const phone = server.simulator!.driver.user('metrics-user', { following: true });
    await phone.scan(scene.body.qrContent);
    assert.ok(await server.services.repos.bindings.findByUser(user.id), 'the scan bound the account');

    const after = await scrape();
    const delta = (name: string, labels?: Record<string, string>) =>
      value(after, name, labels) - value(before, name, labels);
    assert.equal(delta('webind_scans_total', { purpose: 'bind' }), 1);
    assert.equal(delta('webind_scan_outcomes_total', { outcome: 'bind' }), 1);
    assert.equal(delta('webind_wechat_events_total', { kind: 'scan' }), 1);
    assert.equal(delta('webind_webhook_requests_total', { outcome: 'handled' }), 1);
    assert.equal(delta('webind_webhook_duration_seconds'), 1, 'one more observation');
    assert.equal(delta('webind_push_latency_seconds'), 1);
    assert.ok(delta('webind_qr_creations_total') >= 1);
    assert.ok(value(after, 'webind_wechat_api_calls_total', { path: '/cgi-bin/qrcode/create', errcode: '0' }) >= 1);
    assert.ok(value(after, 'webind_token_refreshes_total', { result: 'ok' }) >= 1);
    const remaining = value(after, 'webind_wechat_quota_remaining', { api: '/cgi-bin/qrcode/create' });
    assert.ok(remaining > 0 && remaining <= 100_000, `the quota gauge comes from openapi/quota/get (${remaining})`);
    const quotaCalls = server.simulator!.driver.apiCalls().filter((c) => c.path === '/cgi-bin/openapi/quota/get');
    assert.equal(quotaCalls.length, 1, 'two scrapes within five minutes ask WeChat once');
  });

  it('writes one structured line per webhook, without secrets or full openids', async () => {
    const phone = server.simulator!.driver.user('log-user');
    const { openid } = phone;
    const before = lines.length;
    await phone.follow();
    await phone.send('你好');
    await new Promise((r) => setTimeout(r, 100));
    const fresh = lines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    const webhookLines = fresh.filter((l) => l.msg === 'webhook');
    assert.equal(webhookLines.length, 2, 'follow and text: one line each');
    for (const line of webhookLines) {
      assert.equal(line.webhook, 'handled');
      assert.equal(typeof line.durationMs, 'number');
      assert.equal(line.status, 200);
    }
    assert.deepEqual(
      webhookLines.map((l) => l.kind),
      ['subscribe', 'text'],
    );
    const all = lines.join('\n');
    const { config } = server.services;
    const token = (await server.services.repos.accessToken(config.wechat.appId).get())?.token;
    assert.ok(token);
    for (const secret of [config.appSecret, config.wechat.appSecret, config.wechat.token, token, METRICS_TOKEN, openid])
      assert.ok(!all.includes(secret), `the logs never contain ${secret.slice(0, 4)}…`);
    assert.ok(all.includes(`${openid.slice(0, 3)}***${openid.slice(-3)}`), 'the openid appears masked');
  });

  it('logs a refused webhook request with its outcome', async () => {
    const before = lines.length;
    const res = await fetch(`${server.url}/api/wechat?signature=bad&timestamp=1&nonce=2`, {
      method: 'POST',
      body: '<xml/>',
    });
    assert.equal(res.status >= 400, true);
    const line = lines
      .slice(before)
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === 'webhook');
    assert.equal(line?.webhook, 'refused');
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  it('is off (404)', async () => {
    const server = await startTestServer();
    try {
      const res = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer anything-at-all-here' } });
      assert.equal(res.status, 404);
    } finally {
      await server.stop();
    }
  });
});
