import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';

// Registration signs the new account in at once and WeBind has no e-mail channel to send a "finish
// signing up" message through, so a taken e-mail is answered 409 (README, Security). What holds: the
// probe is slow (20 registrations an hour per address, taken or not), and says nothing more than "taken".
describe('registration as an e-mail oracle (issue 13, item 10)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ TRUST_PROXY: '1' });
  });
  after(() => server.stop());
  const register = (ip: string, email: string) =>
    new TestClient(server.url).post(
      '/api/auth/register',
      { email, password: 'long password' },
      { 'x-forwarded-for': ip },
    );

  it('answers 20 probes an hour per address, then 429 whether the e-mail is taken or not', async () => {
    const taken = `taken-${Date.now()}@example.com`;
    assert.equal((await register('198.51.100.50', taken)).status, 201);
    const ip = '203.0.113.150';
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await register(ip, taken)).status);
    assert.ok(
      statuses.every((s) => s === 409),
      `${statuses}`,
    );
    const afterTaken = await register(ip, taken);
    const afterFree = await register(ip, `free-${Date.now()}@example.com`);
    assert.equal(afterTaken.status, 429);
    assert.equal(afterFree.status, 429);
    // The same answer but for the seconds left, which the two requests may see on either side of a second.
    const seconds = (body: unknown) => Number(/(\d+)/.exec(JSON.stringify(body))?.[1]);
    const withoutSeconds = (body: unknown) => JSON.stringify(body).replace(/\d+/, 'N');
    assert.equal(withoutSeconds(afterTaken.body), withoutSeconds(afterFree.body), 'a throttled probe learns nothing');
    assert.ok(Math.abs(seconds(afterTaken.body) - seconds(afterFree.body)) <= 1);
  });
});
