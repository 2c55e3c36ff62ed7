// Offline events (issue 19), sign-up in WeChat: "报名" and the EVENT_SIGNUP menu answer with the open
// events and a signed link; a bound follower signs up with one tap and gets a confirmation in WeChat;
// an unbound follower is sent to bind first and, once bound, the same link signs them up; a forged or
// expired link, a full event and a stranger are refused and change nothing; a signed-in user signs up
// on the site.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBoundUser, signedInClient } from '../helpers/accounts';
import { TestClient } from '../helpers/client';
import { startTestServer, type TestServer } from '../helpers/server';

const HOUR = 3600_000;
const linkIn = (reply: string | null) => {
  const m = /https?:\/\/\S+\/events\?\S+/.exec(reply ?? '');
  assert.ok(m, `a link in ${reply}`);
  return new URL(m[0]);
};
const paramsOf = (url: URL) => Object.fromEntries(url.searchParams) as Record<string, string>;

describe('events: sign-up in WeChat and on the site', () => {
  let server: TestServer;
  let eventId: number;
  let fullId: number;

  before(async () => {
    server = await startTestServer();
    const start = Date.now() + 48 * HOUR;
    const base = { description: '', place: '上海', startsAt: start, endsAt: start + HOUR, walkInsAllowed: false };
    const e = await server.services.repos.events.create(
      { ...base, title: '产品路演', capacity: 10, signupDeadline: start - HOUR },
      Date.now(),
    );
    eventId = e.id;
    const f = await server.services.repos.events.create(
      { ...base, title: '满员活动', capacity: 1, signupDeadline: start - HOUR },
      Date.now(),
    );
    fullId = f.id;
    const filler = await createBoundUser(server, 'ev-filler');
    assert.equal(
      await server.services.repos.events.signUp({ eventId: fullId, userId: filler.id, now: Date.now() }),
      'ok',
    );
  });
  after(() => server.stop());

  const signUp = (id: number, body: unknown, c = new TestClient(server.url)) =>
    c.post(`/api/events/${id}/signup`, body);

  it('a bound follower sends 报名, opens the link and signs up with one tap; a confirmation arrives in WeChat', async () => {
    const alice = await createBoundUser(server, 'ev-alice');
    const { reply } = await alice.phone.send('报名');
    assert.match(reply ?? '', /产品路演（剩余 10 个名额）/);
    const url = linkIn(reply);
    const page = await (await fetch(`${server.url}${url.pathname}${url.search}`)).text();
    assert.match(page, new RegExp(`data-testid="sign-up-${eventId}"`));

    const res = await signUp(eventId, paramsOf(url));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.state, 'ok');
    assert.ok(await server.services.repos.events.findSignup(eventId, alice.id));
    assert.equal((await signUp(eventId, paramsOf(url))).body.state, 'already', 'a second tap is harmless');
    const deadline = Date.now() + 3000;
    let confirmed = false;
    while (!confirmed && Date.now() < deadline) {
      confirmed = alice.phone
        .timeline()
        .some((e) => e.kind === 'account_text' && e.via === 'custom' && /报名成功：产品路演/.test(e.text));
      if (!confirmed) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(confirmed, 'the confirmation reached WeChat');
    assert.equal((await server.services.repos.events.get(eventId))?.signedUp, 1);
  });

  it('an unbound follower is sent to bind first, and once bound the same link signs them up', async () => {
    const bob = await createBoundUser(server, 'ev-bob', { bound: false });
    const { reply } = await bob.phone.click('EVENT_SIGNUP');
    const url = linkIn(reply);
    const page = await (await fetch(`${server.url}${url.pathname}${url.search}`)).text();
    assert.match(page, new RegExp(`data-testid="bind-first-${eventId}"`));
    assert.match(page, /\/wechat\/link\?openid=/);
    const refused = await signUp(eventId, paramsOf(url));
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, 'not_bound');
    assert.equal(await server.services.repos.events.findSignup(eventId, bob.id), null);

    await server.services.repos.bindings.insert({
      userId: bob.id,
      openid: bob.openid,
      boundAt: Date.now(),
      subscribed: true,
      subscribedChangedAt: null,
    });
    const ok = await signUp(eventId, paramsOf(url));
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.ok(await server.services.repos.events.findSignup(eventId, bob.id));
  });

  it('refuses a forged, altered or expired link, a full event and an unknown event, changing nothing', async () => {
    const carol = await createBoundUser(server, 'ev-carol');
    const url = linkIn((await carol.phone.send('报名')).reply);
    const good = paramsOf(url);
    const before = (await server.services.repos.events.get(eventId))?.signedUp;
    const forged = await signUp(eventId, { ...good, openid: 'o_someone_else' });
    assert.equal(forged.status, 401);
    assert.equal(forged.body.error.code, 'link_invalid');
    const old = String(Math.floor((Date.now() - 2 * HOUR) / 1000));
    assert.equal((await signUp(eventId, { ...good, timestamp: old })).status, 401);
    assert.equal((await signUp(eventId, { ...good, extra: 1 })).status, 400);
    const full = await signUp(fullId, good);
    assert.equal(full.status, 409);
    assert.equal(full.body.error.code, 'event_full');
    assert.equal((await signUp(999_999, good)).status, 404);
    assert.equal((await server.services.repos.events.get(eventId))?.signedUp, before);
    assert.equal(await server.services.repos.events.findSignup(eventId, carol.id), null);
  });

  it('a signed-in user signs up on the site; a stranger is asked to log in', async () => {
    const dave = await createBoundUser(server, 'ev-dave', { bound: false });
    const client = await signedInClient(server, dave.id);
    const page = await client.request('GET', '/events');
    assert.match(page.body, new RegExp(`data-testid="sign-up-${eventId}"`));
    const ok = await signUp(eventId, {}, client);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.ok(await server.services.repos.events.findSignup(eventId, dave.id));
    assert.equal((await signUp(eventId, {})).status, 401);
  });
});
