import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig, SIMULATOR_ACCOUNT } from '../../lib/config';
import { startInstance, type Instance } from '../helpers/instances';
import { createPgDatabase } from '../helpers/postgres';
import { TEST_APP_SECRET, TEST_DIALECT } from '../helpers/server';
import { WebhookReceiver } from '../helpers/webhook-receiver';
import { pushToWebhook } from '../helpers/wechat';

describe('outgoing webhooks survive kill -9 between commit and delivery', () => {
  let dir: string;
  let databaseUrl: string;
  let dropPg: (() => Promise<void>) | undefined;
  let receiver: WebhookReceiver;
  const running: Instance[] = [];
  const env = () => ({
    DATABASE_URL: databaseUrl,
    WECHAT_SIMULATOR: 'off',
    WECHAT_APPID: SIMULATOR_ACCOUNT.appId,
    WECHAT_APPSECRET: SIMULATOR_ACCOUNT.appSecret,
    WECHAT_TOKEN: SIMULATOR_ACCOUNT.token,
    WECHAT_API_BASE: 'http://127.0.0.1:9/unused',
    // A stuck request gives up after 1 s; its lease lapses 5 s later.
    WEBHOOK_TIMEOUT_MS: '1000',
  });

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'webind-crash-'));
    if (TEST_DIALECT === 'postgres') {
      const db = await createPgDatabase();
      databaseUrl = db.url;
      dropPg = db.drop;
    } else databaseUrl = `file:${path.join(dir, 'webind.db')}`;
    receiver = await new WebhookReceiver().start();
  });
  after(async () => {
    for (const i of running) await i.stop('SIGKILL');
    await receiver.stop();
    await dropPg?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('redelivers, with the same id, an event whose sender died mid-delivery', async () => {
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/webhooks.ts', 'add', receiver.url], {
      env: { ...process.env, DATABASE_URL: databaseUrl, APP_SECRET: TEST_APP_SECRET },
      encoding: 'utf8',
    });
    assert.equal(cli.status, 0, cli.stderr);
    receiver.secret = cli.stdout.trim();
    // The first request is never answered: the instance dies while delivering it.
    receiver.respond = (_req, n) => (n === 0 ? 'hang' : 204);

    const a = await startInstance('A', env());
    running.push(a);
    const config = loadConfig({ ...env(), NODE_ENV: 'production', APP_SECRET: TEST_APP_SECRET });
    const pushed = await pushToWebhook(a.url, config, {
      FromUserName: 'oCrashTest1',
      MsgType: 'event',
      Event: 'subscribe',
    });
    assert.equal(pushed.status, 200, 'WeChat was answered: the effect and its event are committed');
    const deadline = Date.now() + 5000;
    while (receiver.requests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(receiver.requests.length, 1, 'the delivery was in flight');
    const inFlightId = receiver.requests[0].id;
    await a.stop('SIGKILL');
    assert.equal(receiver.accepted.length, 0);

    const b = await startInstance('B', env());
    running.push(b);
    const event = await receiver.waitFor(() => true, 20_000);
    assert.equal(event.id, inFlightId, 'the same webhook-id: the receiver can dedupe');
    assert.equal(event.type, 'follower.subscribed');
    assert.equal(event.data.openid, 'oCrashTest1');
    assert.equal(receiver.acceptedCount.get(event.id), 1);
  });
});
