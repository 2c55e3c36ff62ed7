import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { createApiKey } from '../../lib/apikeys/api-keys';
import { addWebhookEndpoint } from '../../lib/webhooks/endpoints';
import { browserSkip, launchBrowser, newPage, screenshot } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

/** The React host page (test/e2e/fixtures/react-host.tsx) bundled with its React and <WeBindQr>. */
let bundled: Promise<string> | null = null;
function reactBundle(): Promise<string> {
  bundled ??= import('esbuild').then(async (esbuild) => {
    const out = await esbuild.build({
      entryPoints: [path.resolve('test/e2e/fixtures/react-host.tsx')],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
      write: false,
      logLevel: 'silent',
    });
    return out.outputFiles[0].text;
  });
  return bundled;
}

/**
 * A host site on its own origin: its backend holds the API key and the webhook secret, its page loads
 * WeBind's /embed.js cross-origin and shows the bind QR for its own user "u-42".
 */
class HostSite {
  server: Server | null = null;
  origin = '';
  secret = '';
  events: Array<{ id: string; type: string; data: Record<string, unknown> }> = [];
  scenes: Array<{ qrContent: string; watchToken: string }> = [];
  constructor(
    private readonly webind: string,
    private readonly apiKey: string,
  ) {}

  externalUserId = 'u-42';

  private api(method: string, path: string, body?: unknown) {
    return fetch(this.webind + path, {
      method,
      headers: { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));
  }

  async lookUp(externalUserId: string) {
    return (await this.api('GET', `/api/v1/bindings?externalUserId=${encodeURIComponent(externalUserId)}`)).body;
  }
  async sendText(externalUserId: string, text: string) {
    return (await this.api('POST', '/api/v1/messages', { externalUserId, text })).body;
  }

  async start(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.url === '/settings') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>Host settings</title></head>
<body><h1>账号设置</h1><div id="wechat-qr"></div><p id="outcome"></p>
<script src="${this.webind}/embed.js" crossorigin="anonymous"></script>
<script>
  const newScene = () => fetch('/my-api/wechat-scene', { method: 'POST' }).then((r) => r.json());
  newScene().then((scene) => WeBind.mount('#wechat-qr', {
    ...scene,
    refresh: newScene,
    onOutcome: (update) => { document.getElementById('outcome').textContent = 'outcome:' + update.status; },
  }));
</script></body></html>`);
        return;
      }
      if (req.url === '/react-settings') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>React host</title></head>
<body><div id="root"></div><script>window.HOST = { webind: ${JSON.stringify(this.webind)} };</script>
<script src="/react-app.js"></script></body></html>`);
        return;
      }
      if (req.url === '/react-app.js') {
        res.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8' });
        res.end(await reactBundle());
        return;
      }
      if (req.url === '/my-api/wechat-scene') {
        // The host's backend asks WeBind for a bind QR for its signed-in user.
        const created = await this.api('POST', '/api/v1/scenes', {
          purpose: 'bind',
          externalUserId: this.externalUserId,
        });
        this.scenes.push(created.body);
        res.writeHead(created.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(created.body));
        return;
      }
      if (req.url === '/webhooks/webind') {
        try {
          const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
          const event = new Webhook(this.secret).verify(body, headers) as {
            type: string;
            data: Record<string, unknown>;
          };
          this.events.push({ id: headers['webhook-id'], ...event });
          res.writeHead(204).end();
        } catch {
          res.writeHead(400).end('bad signature');
        }
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
}

describe('a host site embeds the bind QR on its own page', { skip: browserSkip }, () => {
  let webind: TestServer;
  let host: HostSite;
  let browser: Browser;
  before(async () => {
    // The host's origin is known only once it listens: reserve it first, then start WeBind allowing it.
    host = new HostSite('', '');
    await host.start();
    webind = await startTestServer({ EMBED_ORIGINS: host.origin });
    const key = (await createApiKey(webind.services.repos, { name: 'host-site' }, Date.now())).key;
    Object.assign(host, { webind: webind.url, apiKey: key });
    const endpoint = await addWebhookEndpoint(
      webind.services.repos,
      { url: `${host.origin}/webhooks/webind` },
      Date.now(),
    );
    host.secret = endpoint.secret;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await webind?.stop();
    host?.server?.close();
  });

  it('scan binds u-42: the page shows it live, the host gets a signed binding.created, looks it up and messages the phone', async () => {
    const { context, page } = await newPage(browser);
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    await page.goto(`${host.origin}/settings`);
    const qr = page.getByTestId('scan-qr');
    await qr.locator('svg').waitFor();
    await page.getByTestId('scan-status').getByText('等待扫码').waitFor();
    const qrContent = await qr.getAttribute('data-qr-content');
    assert.equal(qrContent, host.scenes.at(-1)!.qrContent);
    assert.match((await page.getByTestId('scan-countdown').textContent()) ?? '', /0[45]:\d\d/);
    await screenshot(page, 'host-embed-qr');

    const phone = webind.simulator!.driver.user('u42-phone', { following: true });
    const scanned = await phone.scan(qrContent!);
    assert.match(scanned.reply ?? '', /绑定成功/);

    await page.getByTestId('scan-status').getByText('绑定成功').waitFor({ timeout: 5000 });
    await page.locator('#outcome').getByText('outcome:bound').waitFor();
    await screenshot(page, 'host-embed-bound');

    const deadline = Date.now() + 10_000;
    while (!host.events.some((e) => e.type === 'binding.created') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const created = host.events.find((e) => e.type === 'binding.created');
    assert.ok(created, 'binding.created arrived with a valid Standard Webhooks signature');
    assert.equal(created.data.externalUserId, 'u-42');
    assert.equal(created.data.openid, phone.openid);

    const found = await host.lookUp('u-42');
    assert.equal(found.bindings[0].openid, phone.openid);
    const sent = await host.sendText('u-42', '欢迎，u-42！');
    assert.equal(sent.delivered, true);
    const last = phone.timeline().at(-1)!;
    assert.equal(last.kind === 'account_text' && last.text, '欢迎，u-42！');
    assert.deepEqual(failed, [], 'no cross-origin request was blocked');
    await context.close();
  });

  it('the React component does the same on a React page: <WeBindQr> shows the QR and reports the outcome', async () => {
    host.externalUserId = 'u-43';
    const { context, page } = await newPage(browser, { locale: 'en-US' });
    await page.goto(`${host.origin}/react-settings`);
    const qr = page.getByTestId('scan-qr');
    await qr.locator('svg').waitFor();
    await page.getByTestId('scan-status').getByText('Waiting for a scan').waitFor();
    const qrContent = await qr.getAttribute('data-qr-content');
    assert.equal(qrContent, host.scenes.at(-1)!.qrContent);
    const phone = webind.simulator!.driver.user('u43-phone', { following: true });
    await phone.scan(qrContent!);
    await page.getByTestId('scan-status').getByText('Bound').waitFor({ timeout: 5000 });
    await page.locator('#outcome').getByText('outcome:bound').waitFor();
    assert.equal((await host.lookUp('u-43')).bindings[0].openid, phone.openid);
    await context.close();
  });

  it('renders the API reference from the OpenAPI document, in Chinese and in English', async () => {
    const { context, page } = await newPage(browser);
    await page.goto(`${webind.url}/developers/api`);
    await page.getByRole('heading', { name: 'WeBind 服务端 API 参考' }).waitFor();
    for (const path of ['/api/v1/scenes', '/api/v1/bindings', '/api/v1/messages'])
      await page
        .getByRole('heading', { name: new RegExp(`${path.replace(/\//g, '\\/')}$`) })
        .first()
        .waitFor();
    await page.getByText('binding.created').first().waitFor();
    await context.close();
    const english = await newPage(browser, { locale: 'en-US' });
    await english.page.goto(`${webind.url}/developers/api`);
    await english.page.getByRole('heading', { name: 'WeBind server API reference' }).waitFor();
    await screenshot(english.page, 'api-reference');
    await english.context.close();
  });
});
