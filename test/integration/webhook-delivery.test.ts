import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WebhookDelivery } from '../../lib/db/types';
import { runScript } from '../helpers/cli';
import { startTestServer, type TestServer } from '../helpers/server';
import { sleep } from '../helpers/socket';
import { WebhookReceiver } from '../helpers/webhook-receiver';

describe('outgoing webhooks: retries, delivery log, resend', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => runScript('scripts/webhooks.ts', args, env);

  before(async () => {
    // Retries every 0.3 s instead of 5 s, 30 s, 2 min …: the schedule's shape is tested, not its length.
    server = await startTestServer({ WEBHOOK_RETRY_SCHEDULE: '0.3,0.3,0.3,0.3,0.3,0.3,0.3,0.3' });
    env = { ...process.env, DATABASE_URL: server.services.config.databaseUrl, LOG_LEVEL: 'silent' };
    receiver = await new WebhookReceiver().start();
  });
  after(async () => {
    await server.stop();
    await receiver.stop();
  });

  it('adds, lists and refuses endpoints with npm run webhooks', async () => {
    const bad = await cli('add', 'javascript:alert(1)');
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /invalid_url/);
    assert.equal((await cli('add', 'http://127.0.0.1:1/x', '--events', 'binding.created,nope')).status, 1);
    const added = await cli('add', receiver.url, '--events', 'follower.subscribed,follower.unsubscribed');
    assert.equal(added.status, 0, added.stderr);
    receiver.secret = added.stdout.trim();
    assert.match(receiver.secret, /^whsec_[A-Za-z0-9+/]{32}$/);
    const listed = await cli('list');
    assert.match(listed.stdout, /follower\.subscribed,follower\.unsubscribed/);
    assert.ok(!listed.stdout.includes(receiver.secret), 'list never shows the secret');
    const other = await cli('add', 'http://127.0.0.1:1/other');
    const id = /ep_[A-Za-z0-9_-]+/.exec(other.stderr)![0];
    assert.equal((await cli('remove', id)).status, 0);
    assert.ok(!(await cli('list')).stdout.includes(id));
  });

  it('an endpoint failing 5 times then recovering gets every event exactly once by id', async () => {
    receiver.respond = (_req, n) => (n < 5 ? 500 : 204);
    const users = ['retry-a', 'retry-b', 'retry-c'].map((name) => server.simulator!.driver.user(name));
    for (const u of users) await u.follow();
    await users[0].unfollow();
    const deadline = Date.now() + 20_000;
    const all = () => server.services.repos.webhooks.listDeliveries({ limit: 100 });
    // The receiver answers before the sender records the answer: wait for both.
    while (
      (receiver.accepted.length < 4 || !(await all()).every((d) => d.status === 'delivered')) &&
      Date.now() < deadline
    )
      await sleep(100);

    const deliveries = await all();
    assert.equal(deliveries.length, 4, 'one delivery per event to the one subscribed endpoint');
    assert.ok(
      deliveries.every((d) => d.status === 'delivered'),
      JSON.stringify(deliveries),
    );
    assert.deepEqual(
      new Set(receiver.accepted.map((e) => e.id)),
      new Set(deliveries.map((d) => d.eventId)),
      'every event arrived',
    );
    for (const [id, count] of receiver.acceptedCount) assert.equal(count, 1, `${id} accepted once`);
    assert.equal(receiver.requests.filter((r) => r.status === 500).length, 5);
    assert.ok(
      receiver.requests.every((r) => r.verified),
      'every attempt carried a valid signature',
    );

    // The delivery log keeps each attempt with its status and the start of the response.
    const failedFirst = deliveries.find((d) => d.attempts > 1)!;
    const attempts = await server.services.repos.webhooks.listAttempts(failedFirst.id);
    assert.equal(attempts.at(-1)!.status, 204);
    assert.ok(attempts.slice(0, -1).every((a) => a.status === 500 && /failing on purpose/.test(a.response ?? '')));
    const log = await cli('deliveries', failedFirst.eventId);
    assert.match(log.stdout, /delivered/);
    assert.match(log.stdout, /500/);
  });

  it('resends an event with the same webhook-id, so the receiver can tell it is the same', async () => {
    const [event] = receiver.accepted;
    const resent = await cli('resend', event.id);
    assert.equal(resent.status, 0, resent.stderr);
    const deadline = Date.now() + 5000;
    while (receiver.acceptedCount.get(event.id) !== 2 && Date.now() < deadline) await sleep(100);
    assert.equal(receiver.acceptedCount.get(event.id), 2);
    assert.equal((await cli('resend', 'msg_nothing')).status, 1);
  });

  it('gives up after the schedule and marks the delivery failed, ready to resend', async () => {
    receiver.respond = () => 503;
    const u = server.simulator!.driver.user('retry-never');
    await u.follow();
    const deadline = Date.now() + 15_000;
    let failed: WebhookDelivery | undefined;
    while (Date.now() < deadline) {
      failed = (await server.services.repos.webhooks.listDeliveries({ limit: 100 })).find((d) => d.status === 'failed');
      if (failed) break;
      await sleep(200);
    }
    assert.ok(failed, 'the delivery ended failed');
    assert.equal(failed.attempts, 9, 'the first attempt and eight retries');
    receiver.respond = () => 204;
    assert.equal((await cli('resend', String(failed.id))).status, 0);
    await receiver.waitFor((e) => e.id === failed.eventId, 5000);
  });
});
