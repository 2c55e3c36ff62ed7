import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signedInClient, createUser } from '../helpers/accounts';
import { browserSkip, newPage, screenshot } from '../helpers/browser';
import { serverAndBrowser } from '../helpers/e2e';
import { SESSION_COOKIE, startSession } from '../../lib/auth/sessions';
import { WebhookReceiver } from '../helpers/webhook-receiver';

const ADMIN = 'root@example.com';

describe('server API settings in the admin console', { skip: browserSkip }, () => {
  const env = serverAndBrowser({ ADMIN_EMAILS: ADMIN });

  const callV1 = (key: string) =>
    fetch(`${env.server.url}/api/v1/bindings?externalUserId=x`, { headers: { authorization: `Bearer ${key}` } }).then(
      (r) => r.status,
    );

  it('an admin creates a key (shown once), uses it, revokes it; adds a webhook endpoint and resends a delivery', async () => {
    const { server, browser } = env;
    const receiver = await new WebhookReceiver().start();
    try {
      const admin = await createUser(server, { email: ADMIN });
      const session = await startSession(server.services, admin.id, { ip: null, userAgent: 'test' });
      const { context, page } = await newPage(browser);
      await context.addCookies([{ name: SESSION_COOKIE, value: session.token, url: server.url }]);
      await page.goto(`${server.url}/admin/integrations`);

      await page.getByLabel('名称').fill('shop-admin');
      await page.getByRole('button', { name: '创建密钥' }).click();
      const key = (await page.getByTestId('once-secret').textContent())!.trim();
      assert.match(key, /^wbk_/);
      assert.equal(await callV1(key), 200, 'the key works at once');
      await page.getByTestId('api-keys').getByText('shop-admin').waitFor();
      await page.reload();
      assert.equal(await page.getByTestId('once-secret').count(), 0, 'never shown again');
      assert.ok(!(await page.content()).includes(key));

      await page.getByLabel('URL').fill(receiver.url);
      await page.getByRole('checkbox', { name: 'follower.subscribed' }).check();
      await page.getByRole('button', { name: '添加接收地址' }).click();
      receiver.secret = (await page.getByTestId('once-secret').textContent())!.trim();
      assert.match(receiver.secret, /^whsec_/);
      await page.getByTestId('webhook-endpoints').getByText(receiver.url).waitFor();

      await server.simulator!.driver.user('admin-int-follower').follow();
      const event = await receiver.waitFor((e) => e.type === 'follower.subscribed');
      await page.reload();
      const row = page.getByTestId('webhook-deliveries').getByRole('row').filter({ hasText: event.id });
      await row.getByText('已送达').waitFor();
      await screenshot(page, 'admin-integrations');
      await row.getByRole('button', { name: '重新发送' }).click();
      const deadline = Date.now() + 5000;
      while (receiver.acceptedCount.get(event.id) !== 2 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      assert.equal(receiver.acceptedCount.get(event.id), 2, 'resent with the same webhook-id');

      await page
        .getByTestId('api-keys')
        .getByRole('row')
        .filter({ hasText: 'shop-admin' })
        .getByRole('button', { name: '吊销' })
        .click();
      await page.getByTestId('api-keys').getByText('已吊销').waitFor();
      assert.equal(await callV1(key), 401, 'revoked at once');

      const actions = (await server.services.repos.audit.list({ userId: admin.id })).map((a) => a.action);
      for (const action of ['admin.apikey.create', 'admin.webhook.add', 'admin.webhook.resend', 'admin.apikey.revoke'])
        assert.ok(actions.includes(action), action);
      await context.close();
    } finally {
      await receiver.stop();
    }
  });

  it('refuses the integration APIs to anyone but an administrator', async () => {
    const user = await createUser(env.server);
    const client = await signedInClient(env.server, user.id);
    assert.equal((await client.post('/api/admin/apikeys', { name: 'sneaky' })).status, 403);
    assert.equal((await client.post('/api/admin/webhooks', { url: 'http://evil.test/' })).status, 403);
    assert.equal((await client.request('DELETE', '/api/admin/apikeys/shop-admin')).status, 403);
    assert.equal((await env.server.services.repos.apiKeys.list()).filter((k) => k.name === 'sneaky').length, 0);
  });
});
