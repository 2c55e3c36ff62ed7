import assert from 'node:assert/strict';
import { hashPassword } from '../../lib/auth/password';
import { SESSION_COOKIE, startSession } from '../../lib/auth/sessions';
import { TestClient } from './client';
import type { TestServer } from './server';

let made = 0;

/**
 * An account made directly in the database (registration over HTTP has its own tests and is
 * rate-limited per IP). The password is hashed only when the test will type it.
 */
export async function createUser(
  server: TestServer,
  { email = `user${++made}-${Date.now()}@example.com`, password }: { email?: string; password?: string } = {},
): Promise<{ id: number; email: string }> {
  const passwordHash = password === undefined ? 'no password' : await hashPassword(password);
  const user = await server.services.repos.users.create({ email, passwordHash, now: Date.now() });
  assert.ok(user, `account ${email} created`);
  return { id: user.id, email };
}

/** A client carrying a fresh session of `userId`. */
export async function signedInClient(server: TestServer, userId: number): Promise<TestClient> {
  const session = await startSession(server.services, userId, { ip: null, userAgent: 'test' });
  const client = new TestClient(server.url);
  client.cookies.set(SESSION_COOKIE, session.token);
  return client;
}

/**
 * An account bound to a simulated WeChat user `name` who follows the account (`bound: false` makes
 * the same pair, not bound). The binding row is written directly: tests of the bind flow itself scan.
 */
export async function createBoundUser(
  server: TestServer,
  name: string,
  {
    password,
    email = `${name}@example.com`,
    bound = true,
  }: { password?: string; email?: string; bound?: boolean } = {},
) {
  const user = await createUser(server, { email, password });
  const phone = server.simulator!.driver.user(name, { following: true });
  if (bound) {
    const inserted = await server.services.repos.bindings.insert({
      userId: user.id,
      openid: phone.openid,
      boundAt: Date.now(),
      subscribed: true,
      subscribedChangedAt: null,
    });
    assert.equal(inserted, 'ok', `${name} bound`);
  }
  return { ...user, phone, openid: phone.openid };
}
