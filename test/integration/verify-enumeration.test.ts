import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { REQUESTS_PER_EMAIL, REQUESTS_PER_IP } from '../../lib/verify/request-code-by-email';
import { CODES_PER_OPENID } from '../../lib/verify/send-code-from-scan';
import { createBoundUser } from '../helpers/accounts';
import { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';
import type { TimelineEntry } from '../../lib/simulator';

/** The six-digit codes on a simulated phone (template cards and texts). */
function codesIn(entries: TimelineEntry[]): string[] {
  const texts = entries.flatMap((e) =>
    e.kind === 'template' ? [e.first ?? '', ...e.rows.map((r) => r.value)] : e.kind === 'account_text' ? [e.text] : [],
  );
  return texts.flatMap((text) => [...text.matchAll(/(?<!\d)(\d{6})(?!\d)/g)].map((m) => m[1]));
}

// Every request here comes from 127.0.0.1, so the per-IP budget (REQUESTS_PER_IP) is spent on purpose, in order.
describe('password reset requests do not tell which accounts exist', () => {
  let server: TestServer;
  let spent = 0;
  before(async () => {
    server = await startTestServer({ WECHAT_TEMPLATE_ID_CODE: 'tmpl_code_0001' });
  });
  after(async () => {
    await server.stop();
  });

  const account = (name: string, bound: boolean) =>
    createBoundUser(server, name, { password: 'old password 1', bound });

  async function request(email: string) {
    spent++;
    const started = performance.now();
    const res = await new TestClient(server.url).post('/api/auth/password-reset/request', { email });
    return { status: res.status, body: JSON.stringify(res.body), ms: performance.now() - started };
  }

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  it('answers bound, unbound and unknown emails with the same status and body, in similar time', async () => {
    await new TestClient(server.url).post('/api/auth/password-reset/request', { email: 'warm-up' }); // 400: loads the route, counts nothing
    const bound = await Promise.all([1, 2, 3].map((i) => account(`bound${i}`, true)));
    const unbound = await account('unbound1', false);
    const known: number[] = [];
    const unknown: number[] = [];
    const bodies = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const a = await request(bound[i].email);
      const b = await request(`nobody${i}@example.com`);
      assert.equal(a.status, 202);
      assert.equal(b.status, 202);
      bodies.add(a.body).add(b.body);
      known.push(a.ms);
      unknown.push(b.ms);
    }
    const c = await request(unbound.email);
    assert.equal(c.status, 202);
    bodies.add(c.body);
    assert.deepEqual([...bodies], ['{"accepted":true}'], 'one body for every kind of email');
    const gap = Math.abs(median(known) - median(unknown));
    assert.ok(
      gap < 50,
      `median ${median(known).toFixed(1)} ms for bound emails vs ${median(unknown).toFixed(1)} ms for unknown ones`,
    );
    // Meanwhile the bound accounts really did get their codes, and nobody else did.
    for (let i = 0; i < 50 && !bound.every((b) => codesIn(b.phone.timeline()).length === 1); i++)
      await new Promise((r) => setTimeout(r, 30));
    for (const b of bound) assert.equal(codesIn(b.phone.timeline()).length, 1);
    assert.equal(codesIn(unbound.phone.timeline()).length, 0);
  });

  it(`limits requests per email to ${REQUESTS_PER_EMAIL} an hour, the same way for known and unknown emails`, async () => {
    const known = await account('limited', true);
    const answers: Record<'known' | 'unknown', string[]> = { known: [], unknown: [] };
    for (let i = 0; i <= REQUESTS_PER_EMAIL; i++) {
      const a = await request(known.email);
      const b = await request('ghost@example.com');
      answers.known.push(`${a.status} ${a.body}`);
      answers.unknown.push(`${b.status} ${b.body}`);
    }
    assert.deepEqual(answers.known, answers.unknown);
    assert.equal(answers.known.filter((a) => a.startsWith('202 ')).length, REQUESTS_PER_EMAIL);
    assert.match(answers.known.at(-1)!, /^429 \{"error":\{"code":"rate_limited"/);
  });

  it(`limits requests per IP to ${REQUESTS_PER_IP} in 15 minutes`, async () => {
    while (spent < REQUESTS_PER_IP) assert.equal((await request(`fresh${spent}@example.com`)).status, 202);
    const over = await request('one-more@example.com');
    assert.equal(over.status, 429);
    assert.match(over.body, /"code":"rate_limited"/);
  });

  it(`limits codes per WeChat user to ${CODES_PER_OPENID} an hour and says so in WeChat`, async () => {
    const { phone } = await account('scanner', true);
    const replies: string[] = [];
    for (let i = 0; i <= CODES_PER_OPENID; i++) {
      const scene = (await new TestClient(server.url).post('/api/scan', { purpose: 'verify' })).body;
      replies.push((await phone.scan(scene.qrContent)).reply ?? '');
    }
    assert.equal(codesIn(phone.timeline()).length, CODES_PER_OPENID);
    assert.match(replies.at(-1)!, /获取验证码太频繁了/);
  });
});
