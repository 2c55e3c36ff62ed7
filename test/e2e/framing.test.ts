import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { browserSkip, launchBrowser, newPage, registerInBrowser } from '../helpers/browser';
import { REAL_WECHAT, startTestServer, type TestServer } from '../helpers/server';

/** Loads `target` inside an iframe of a page served from `origin`, returns what the frame ended up showing. */
async function frameFrom(page: Page, origin: string, target: string): Promise<{ url: string; text: string }> {
  await page.goto(`${origin}/frame?src=${encodeURIComponent(target)}`);
  await page.waitForTimeout(1500);
  const child = page.frames().find((f) => f !== page.mainFrame());
  assert.ok(child, 'the iframe exists');
  const text = await child.evaluate(() => document.body?.textContent ?? '').catch(() => '');
  return { url: child.url(), text };
}

describe('framing and scripts under the CSP (issue 13, item 7)', { skip: browserSkip }, () => {
  let server: TestServer;
  let attacker: Server;
  let attackerOrigin: string;
  let browser: Browser;
  before(async () => {
    server = await startTestServer(REAL_WECHAT);
    attacker = createServer((req, res) => {
      const src = new URL(req.url ?? '/', 'http://x').searchParams.get('src') ?? '';
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<!doctype html><title>evil</title><iframe src="${src.replace(/"/g, '&quot;')}" width=800 height=600></iframe>`,
      );
    });
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', () => r()));
    attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    attacker?.close();
    await server?.stop();
  });

  it('refuses to show a signed-in /settings or the login page inside another site’s frame', async () => {
    const { context, page } = await newPage(browser);
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|X-Frame-Options/i.test(m.text())) violations.push(m.text());
    });
    await registerInBrowser(page, server.url, `framed-${Date.now()}@example.com`);
    assert.equal(violations.length, 0, `no CSP violation while registering: ${violations.join('\n')}`);
    for (const path of ['/settings', '/login']) {
      const shown = await frameFrom(page, attackerOrigin, `${server.url}${path}`);
      assert.ok(!shown.url.startsWith(server.url), `${path} was framed: ${shown.url}`);
      assert.ok(!/账号设置|扫码登录|微信/.test(shown.text), `${path} content visible in the frame`);
    }
    assert.ok(
      violations.some((v) => /frame-ancestors/.test(v)),
      'Chromium reported the frame-ancestors refusal',
    );
    await context.close();
  });

  it('refuses a same-origin frame too (a page of the site framing /settings)', async () => {
    const { context, page } = await newPage(browser);
    await registerInBrowser(page, server.url, `selfframed-${Date.now()}@example.com`);
    const blocked = await page.evaluate(async () => {
      const f = document.createElement('iframe');
      f.src = '/settings';
      document.body.append(f);
      await new Promise((r) => setTimeout(r, 1500));
      try {
        return !f.contentDocument?.body?.textContent.includes('@');
      } catch {
        return true;
      }
    });
    assert.equal(blocked, true);
    await context.close();
  });
});
