import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { startTestServer, type TestServer } from '../helpers/server';
import { linkInReply, pushToWebhook, textMessage } from '../helpers/wechat';

/** Every stored reply, read straight from the database as a dump or a backup would show it. */
async function storedReplies(server: TestServer): Promise<string[]> {
  const url = server.services.config.databaseUrl;
  if (url.startsWith('postgres')) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT reply FROM webhook_dedup WHERE reply IS NOT NULL');
      return rows.map((r: { reply: string }) => r.reply);
    } finally {
      await client.end();
    }
  }
  const db = new Sqlite(url.slice('file:'.length), { readonly: true });
  try {
    return (db.prepare('SELECT reply FROM webhook_dedup WHERE reply IS NOT NULL').all() as { reply: string }[]).map(
      (r) => r.reply,
    );
  } finally {
    db.close();
  }
}

describe('secrets at rest in the dedup store (issue 13, item 6)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  it('stores a signed bind link reply sealed, and still answers the retry with the same link', async () => {
    const message = { ...textMessage('o_sealed_00001', '绑定'), MsgId: '7700000000000000001' };
    const first = await pushToWebhook(server.url, server.services.config, message);
    assert.equal(first.status, 200);
    const link = linkInReply(first.reply);
    assert.ok(link.includes('/wechat/link'), `a bind link in ${first.reply}`);
    const signature = new URL(link).searchParams.get('signature')!;

    const rows = await storedReplies(server);
    assert.ok(rows.length > 0, 'the reply is kept for retries');
    for (const row of rows) {
      assert.ok(!row.includes('wechat/link'), `a link in clear: ${row.slice(0, 80)}`);
      assert.ok(!row.includes(signature), 'the signature in clear');
      assert.ok(!row.includes('<xml>'), 'the reply XML in clear');
    }

    // WeChat's retry of the same message (fresh timestamp and nonce) gets the same reply, opened again.
    const retry = await pushToWebhook(server.url, server.services.config, message);
    assert.equal(retry.status, 200);
    assert.equal(retry.reply, first.reply);
  });
});
