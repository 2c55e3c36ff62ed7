import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';

describe('accounts and sessions', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  const client = () => new TestClient(server.url);
  const countUsers = async () => (await server.services.repos.audit.list({ action: 'user.registered' })).length;

  it('registers, normalises the email, and starts a session', async () => {
    const c = client();
    const res = await c.post('/api/auth/register', { email: '  Alice@Example.COM ', password: 'correct horse' });
    assert.equal(res.status, 201);
    assert.equal(res.body.user.email, 'alice@example.com');
    const cookie = res.headers.getSetCookie().join(';');
    assert.match(cookie, /webind_session=/);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=lax/i);
    const me = await c.get('/api/me');
    assert.equal(me.status, 200);
    assert.deepEqual(me.body.user.email, 'alice@example.com');
    assert.equal(me.body.wechat, null);
  });

  it('refuses a duplicate registration with a clear error', async () => {
    const before = await countUsers();
    const res = await client().post('/api/auth/register', { email: 'ALICE@example.com', password: 'another pass' });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'email_taken');
    assert.equal(typeof res.body.error.message, 'string');
    assert.equal(await countUsers(), before);
  });

  const bad: Array<[string, string | object, number, string]> = [
    ['malformed JSON', '{"email": "x@y.z", ', 400, 'invalid_json'],
    ['missing fields', {}, 400, 'email_invalid'],
    ['an invalid email', { email: 'not-an-email', password: 'long enough' }, 400, 'email_invalid'],
    ['a too-short password', { email: 'short@example.com', password: 'short' }, 400, 'password_too_short'],
    ['a non-string password', { email: 'short@example.com', password: 12345678 }, 400, 'password_too_short'],
  ];
  for (const [name, body, status, code] of bad) {
    it(`refuses ${name} and changes nothing`, async () => {
      const before = await countUsers();
      const res = await client().post('/api/auth/register', body);
      assert.equal(res.status, status);
      assert.equal(res.body.error.code, code);
      assert.ok(res.body.error.message.length > 0);
      assert.equal(await countUsers(), before);
    });
  }

  it('refuses a 5 MB body without reading it all', async () => {
    const before = await countUsers();
    const huge = JSON.stringify({ email: 'big@example.com', password: 'x'.repeat(5 * 1024 * 1024) });
    const res = await client().post('/api/auth/register', huge);
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'payload_too_large');
    assert.equal(await countUsers(), before);
  });

  it('refuses a cross-origin POST (CSRF) and one without an Origin', async () => {
    const before = await countUsers();
    const evil = new TestClient(server.url, 'https://evil.example');
    const res = await evil.post('/api/auth/register', { email: 'csrf@example.com', password: 'long enough' });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'bad_origin');
    const bare = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'csrf2@example.com', password: 'long enough' }),
    });
    assert.equal(bare.status, 403);
    assert.equal(await countUsers(), before);
  });

  it('logs in with the right password, rotating the session', async () => {
    const c = client();
    await c.post('/api/auth/register', { email: 'bob@example.com', password: 'bob password' });
    const first = c.cookies.get('webind_session');
    const res = await c.post('/api/auth/login', { email: 'BOB@example.com', password: 'bob password' });
    assert.equal(res.status, 200);
    const second = c.cookies.get('webind_session');
    assert.ok(second && second !== first);
    const old = new TestClient(server.url);
    old.cookies.set('webind_session', first!);
    assert.equal((await old.get('/api/me')).status, 401, 'the pre-login session ended');
    assert.equal((await c.get('/api/me')).status, 200);
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const wrong = await client().post('/api/auth/login', { email: 'bob@example.com', password: 'wrong password' });
    const unknown = await client().post('/api/auth/login', { email: 'nobody@example.com', password: 'wrong password' });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.body, unknown.body);
  });

  it('rate-limits login attempts per account from one address (5 a minute)', async () => {
    await client().post('/api/auth/register', { email: 'carol@example.com', password: 'carol password' });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push(
        (await client().post('/api/auth/login', { email: 'carol@example.com', password: 'nope nope' })).status,
      );
    assert.deepEqual(statuses.slice(0, 5), Array(5).fill(401));
    assert.deepEqual(statuses.slice(5), Array(7).fill(429));
    const right = await client().post('/api/auth/login', { email: 'carol@example.com', password: 'carol password' });
    assert.equal(right.status, 429, 'even the right password waits for the window');
    const seconds = Number(right.headers.get('retry-after'));
    assert.ok(seconds > 0);
    // The message says when to retry, in the same number of seconds as Retry-After.
    assert.equal(right.body.error.message, `操作太频繁，请在 ${seconds} 秒后再试`);
  });

  it('treats a forged or expired session cookie as signed out', async () => {
    const forged = client();
    forged.cookies.set('webind_session', 'forged-token-value');
    const res = await forged.get('/api/me');
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'session_invalid');

    const c = client();
    await c.post('/api/auth/register', { email: 'dave@example.com', password: 'dave password' });
    assert.equal((await c.get('/api/me')).status, 200);
    const realNow = server.services.now;
    server.services.now = () => Date.now() + 31 * 24 * 3600_000;
    try {
      assert.equal((await c.get('/api/me')).status, 401);
    } finally {
      server.services.now = realNow;
    }
  });

  it('logs out: the cookie is cleared and the session deleted', async () => {
    const c = client();
    await c.post('/api/auth/register', { email: 'erin@example.com', password: 'erin password' });
    const token = c.cookies.get('webind_session')!;
    const res = await c.post('/api/auth/logout');
    assert.equal(res.status, 200);
    assert.equal(c.cookies.has('webind_session'), false);
    const replay = client();
    replay.cookies.set('webind_session', token);
    assert.equal((await replay.get('/api/me')).status, 401);
  });

  it('answers errors in English when the browser asks for it', async () => {
    const res = await client().post(
      '/api/auth/login',
      { email: 'bob@example.com', password: 'wrong' },
      { 'accept-language': 'en-US,en;q=0.9' },
    );
    assert.equal(res.body.error.message, 'Wrong email or password');
    const zh = await client().post('/api/auth/login', { email: 'bob@example.com', password: 'wrong' });
    assert.equal(zh.body.error.message, '邮箱或密码不正确');
  });

  it('reports health', async () => {
    const res = await client().get('/api/health');
    assert.deepEqual(res.body, { ok: true });
  });
});

describe('restart', () => {
  it('keeps users and sessions in the database', async () => {
    const first = await startTestServer();
    const c = new TestClient(first.url);
    await c.post('/api/auth/register', { email: 'frank@example.com', password: 'frank password' });
    await first.stop({ keepData: true });
    const second = await startTestServer({}, first);
    try {
      const again = new TestClient(second.url);
      again.cookies.set('webind_session', c.cookies.get('webind_session')!);
      const me = await again.get('/api/me');
      assert.equal(me.status, 200);
      assert.equal(me.body.user.email, 'frank@example.com');
    } finally {
      await second.stop();
    }
  });
});
