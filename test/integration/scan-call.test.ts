// A scan push's database cost (issue 20). On PostgreSQL a bind or login scan is one call to
// webind_scan (drizzle/pg/0009_scan_in_one_call.sql) plus the stored reply: at most 2 round trips per
// event, counted by Database.stats(). On SQLite the same pushes go the handlers' way (group commit).
//
//   WEBIND_TEST_DB=postgres NODE_ENV=production node --import tsx --test test/integration/scan-call.test.ts
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Scene } from '../../lib/db';
import { t } from '../../lib/i18n';
import { maskEmail } from '../../lib/log';
import { verificationCodeMatches } from '../../lib/verify/code';
import { ALLOWED_MOVES, SCENE_TRANSITIONS } from '../../lib/scene';
import { newSceneId } from '../../lib/scene/scene-id';
import { signWatchToken } from '../../lib/scene/watch-token';
import { createUser } from '../helpers/accounts';
import { sceneRow } from '../helpers/scene-row';
import { startTestServer, TEST_APP_SECRET, TEST_DIALECT, type TestServer } from '../helpers/server';
import { ScanWatcher } from '../helpers/socket';
import { pushToWebhook, scanEvent } from '../helpers/wechat';

describe(`a scan push's round trips (${TEST_DIALECT})`, () => {
  let server: TestServer;
  before(async () => {
    // The counts are the server's totals over a window: the outgoing-webhook poll (a round trip a second
    // by default) would land in one now and then, so it waits an hour here.
    server = await startTestServer({ WEBHOOK_POLL_MS: '3600000' });
  });
  after(async () => {
    await server.stop();
  });

  let n = 0;
  const openid = () => `oscan${++n}${Date.now().toString(36)}`;
  const push = (fields: Record<string, string | number>) =>
    pushToWebhook(server.url, server.services.config, fields, { now: server.services.now() });

  async function scene(purpose: 'bind' | 'login' | 'verify', userId: number | null, ttlMs = 300_000): Promise<Scene> {
    const now = server.services.now();
    const row = sceneRow({
      id: newSceneId(),
      purpose,
      userId,
      externalUserId: null,
      detail: { locale: 'zh' },
      createdAt: now,
      updatedAt: now,
      expiresAt: now + ttlMs,
    });
    await server.services.repos.scenes.insert(row);
    return row;
  }

  /** Sends `pushes` (one after another, or all at once) and returns what they cost the database, per push. */
  async function perEvent<T>(
    pushes: Array<() => Promise<T>>,
    together = false,
  ): Promise<{ roundTrips: number; commits: number; notifies: number }> {
    const { db } = server.services;
    await new Promise((resolve) => setTimeout(resolve, 50)); // nothing of an earlier test still running
    const before = db.stats();
    if (together) await Promise.all(pushes.map((send) => send()));
    else for (const send of pushes) await send();
    await new Promise((resolve) => setTimeout(resolve, 50)); // the last broadcasts sent
    const after = db.stats();
    const per = (key: 'roundTrips' | 'commits' | 'notifyRoundTrips') => (after[key] - before[key]) / pushes.length;
    console.log(
      `${TEST_DIALECT}: ${per('roundTrips')} round trips, ${per('commits')} commits, ${per('notifyRoundTrips')} NOTIFY statements per push${together ? ' (sent together)' : ''}`,
    );
    return { roundTrips: per('roundTrips'), commits: per('commits'), notifies: per('notifyRoundTrips') };
  }

  it('binds by scan: every event bound, at most 2 round trips each on PostgreSQL', async () => {
    const events: Array<{ userId: number; email: string; sceneId: string; openid: string }> = [];
    for (let i = 0; i < 8; i++) {
      const user = await createUser(server);
      events.push({ ...user, userId: user.id, sceneId: (await scene('bind', user.id)).id, openid: openid() });
    }
    const replies: Array<string | null> = [];
    const cost = await perEvent(
      events.map((e) => async () => {
        const res = await push(scanEvent(e.openid, e.sceneId));
        assert.equal(res.status, 200, res.body);
        replies.push(res.reply);
      }),
    );
    for (const [i, e] of events.entries()) {
      assert.equal((await server.services.repos.bindings.findByOpenid(e.openid))?.userId, e.userId);
      const after = await server.services.repos.scenes.get(e.sceneId);
      assert.equal(after?.status, 'bound');
      assert.equal(after?.openid, e.openid);
      assert.equal(after?.detail?.account, maskEmail(e.email));
      assert.equal(replies[i], t('zh', 'reply.bound', { account: maskEmail(e.email) }));
    }
    const audit = await server.services.repos.audit.list({ openid: events[0].openid, action: 'wechat.bound' });
    assert.deepEqual(
      audit.map((a) => a.detail),
      [{ via: 'scan' }],
    );
    if (TEST_DIALECT === 'postgres') {
      assert.ok(cost.roundTrips <= 2, `${cost.roundTrips} round trips per bind event`);
      assert.ok(cost.commits <= 2, `${cost.commits} commits per bind event`);
      // The scene's push and the account update: one NOTIFY statement for both.
      assert.ok(cost.notifies <= 1, `${cost.notifies} NOTIFY statements per bind event`);
    }
  });

  it('binds arriving together: each still at most 2 round trips, their NOTIFYs and stored replies shared', async () => {
    const events: Array<{ userId: number; sceneId: string; openid: string }> = [];
    for (let i = 0; i < 16; i++) {
      const user = await createUser(server);
      events.push({ userId: user.id, sceneId: (await scene('bind', user.id)).id, openid: openid() });
    }
    const watcher = new ScanWatcher(server.url);
    try {
      const first = await server.services.repos.scenes.get(events[0].sceneId);
      const ack = await watcher.watch(signWatchToken(TEST_APP_SECRET, events[0].sceneId, first?.expiresAt ?? 0));
      assert.ok(ack, 'watching the first scene');
      const cost = await perEvent(
        events.map((e) => async () => assert.equal((await push(scanEvent(e.openid, e.sceneId))).status, 200)),
        true,
      );
      for (const e of events)
        assert.equal((await server.services.repos.bindings.findByOpenid(e.openid))?.userId, e.userId);
      await watcher.waitForStatus(events[0].sceneId, 'bound');
      if (TEST_DIALECT === 'postgres') {
        assert.ok(cost.roundTrips <= 2, `${cost.roundTrips} round trips per bind event`);
        assert.ok(cost.notifies < 1, `${cost.notifies} NOTIFY statements per bind event`);
        assert.ok(cost.commits <= 2, `${cost.commits} commits per bind event`);
      }
    } finally {
      watcher.close();
    }
  });

  it('a redelivered scan gets the stored reply; a second WeChat on a used scene is refused; both within 2 round trips', async () => {
    const user = await createUser(server);
    const s = await scene('bind', user.id);
    const first = scanEvent(openid(), s.id);
    const firstReply = (await push(first)).reply;
    const other = openid();
    const replies: Array<string | null> = [];
    const cost = await perEvent([
      async () => replies.push((await push(first)).reply),
      async () => replies.push((await push(scanEvent(other, s.id))).reply),
    ]);
    assert.equal(replies[0], firstReply, 'WeChat retry: the same reply');
    assert.equal(replies[1], t('zh', 'reply.conflict.used'));
    assert.equal(await server.services.repos.bindings.findByOpenid(other), null);
    if (TEST_DIALECT === 'postgres') assert.ok(cost.roundTrips <= 2, `${cost.roundTrips} round trips`);
  });

  it('names an account without an e-mail, and refuses an openid bound elsewhere, as the handler does', async () => {
    const wechatOnly = await server.services.repos.users.create({ email: null, passwordHash: null, now: Date.now() });
    assert.ok(wechatOnly);
    const s = await scene('bind', wechatOnly.id);
    const o = openid();
    assert.equal((await push(scanEvent(o, s.id))).reply, t('zh', 'reply.bound', { account: maskEmail(null) }));
    assert.equal((await server.services.repos.scenes.get(s.id))?.detail?.account, maskEmail(null));

    const someoneElse = await createUser(server, { email: 'x@example.com' });
    const taken = await scene('bind', someoneElse.id);
    assert.equal((await push(scanEvent(o, taken.id))).reply, t('zh', 'reply.conflict.openid_taken'));
    const refused = await server.services.repos.scenes.get(taken.id);
    assert.equal(refused?.status, 'conflict');
    assert.equal(refused?.detail?.reason, 'openid_taken');
    assert.equal(refused?.detail?.locale, 'zh', 'the detail is merged, not replaced');

    const expired = await scene('bind', someoneElse.id, -1);
    assert.equal((await push(scanEvent(openid(), expired.id))).reply, t('zh', 'reply.conflict.expired'));
    assert.equal((await server.services.repos.scenes.get(expired.id))?.status, 'expired');
  });

  it('login scans: at most 2 round trips each on PostgreSQL, bound or not', async () => {
    const bound = await createUser(server);
    const boundOpenid = openid();
    await server.services.repos.bindings.insert({
      userId: bound.id,
      openid: boundOpenid,
      boundAt: Date.now(),
      subscribed: true,
      subscribedChangedAt: null,
    });
    const scenes = [await scene('login', null), await scene('login', null)];
    const cost = await perEvent([
      async () => assert.equal((await push(scanEvent(boundOpenid, scenes[0].id))).status, 200),
      async () => assert.equal((await push(scanEvent(openid(), scenes[1].id))).status, 200),
    ]);
    const [a, b] = await Promise.all(scenes.map((s) => server.services.repos.scenes.get(s.id)));
    // LOGIN_CONFIRM defaults to the phone: both confirm there; only the bound one names its account.
    assert.equal(a?.status, 'confirming');
    assert.equal(a?.userId, bound.id);
    assert.equal(b?.status, 'confirming');
    assert.equal(b?.userId, null);
    if (TEST_DIALECT === 'postgres') assert.ok(cost.roundTrips <= 2, `${cost.roundTrips} round trips per login event`);
  });

  it('verify scans: the code in the reply is the one stored; at most 4 round trips on PostgreSQL (was 16)', async () => {
    const user = await createUser(server);
    const bound = openid();
    await server.services.repos.bindings.insert({
      userId: user.id,
      openid: bound,
      boundAt: Date.now(),
      subscribed: true,
      subscribedChangedAt: null,
    });
    const mine = await scene('verify', null);
    const unbound = await scene('verify', null);
    const replies: Array<string | null> = [];
    const cost = await perEvent([
      async () => replies.push((await push(scanEvent(bound, mine.id))).reply),
      async () => replies.push((await push(scanEvent(openid(), unbound.id))).reply),
    ]);
    const code = /\b(\d{6})\b/.exec(replies[0] ?? '')?.[1];
    assert.ok(code, `a code in the reply: ${replies[0]}`);
    const stored = await server.services.repos.codes.findActive(user.id, Date.now());
    assert.ok(stored && verificationCodeMatches(TEST_APP_SECRET, user.id, code, stored.codeHash));
    const sent = await server.services.repos.scenes.get(mine.id);
    assert.equal(sent?.status, 'code_sent');
    assert.equal(sent?.detail?.account, maskEmail(user.email));
    assert.equal(replies[1], t('zh', 'verify.reply.notBound'));
    assert.equal((await server.services.repos.scenes.get(unbound.id))?.status, 'needs_binding');
    const audit = await server.services.repos.audit.list({ userId: user.id, action: 'password_reset.code_sent' });
    assert.deepEqual(
      audit.map((a) => a.detail),
      [{ trigger: 'scan', via: 'reply' }],
    );
    if (TEST_DIALECT === 'postgres') assert.ok(cost.roundTrips <= 4, `${cost.roundTrips} round trips per verify event`);
  });

  it('PostgreSQL: a move missing from the transition table is refused and writes nothing', async (t) => {
    const scanCall = server.services.repos.scanCall;
    if (TEST_DIALECT !== 'postgres' || !scanCall) return t.skip('PostgreSQL only');
    assert.ok(SCENE_TRANSITIONS.bind.pending.includes('bound'));
    const user = await createUser(server);
    const s = await scene('bind', user.id);
    const o = openid();
    const input = {
      now: server.services.now(),
      openid: o,
      sceneId: s.id,
      window: null,
      loginReadyIfBound: false,
      noEmailAccount: maskEmail(null),
      event: { id: `msg_test_${n}`, payload: '{"data":{"userId":0,"x":1}}' },
      replay: null,
      dedup: null,
      lockTimeoutMs: null,
    };
    const refused = await scanCall.scan({ ...input, moves: ALLOWED_MOVES.filter((m) => m !== 'bind:pending>bound') });
    assert.equal(refused.kind, 'used');
    assert.equal(await server.services.repos.bindings.findByOpenid(o), null);
    assert.equal((await server.services.repos.scenes.get(s.id))?.status, 'pending');
    const bound = await scanCall.scan({ ...input, moves: ALLOWED_MOVES });
    assert.equal(bound.kind, 'bound');
    assert.equal(bound.moved?.status, 'bound');
    assert.equal((await server.services.repos.bindings.findByOpenid(o))?.userId, user.id);
  });
});
