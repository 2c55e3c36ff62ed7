import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { linkInReply, WECHAT_UA } from './wechat';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve('test/artifacts/screenshots');

/** Browser tests are skipped, loudly, where Debian's Chromium is missing; CI installs it. */
export const browserSkip = existsSync(CHROMIUM) ? false : skipWithWarning();

function skipWithWarning(): string {
  console.warn(
    '\n!!! Browser tests SKIPPED: /usr/bin/chromium is missing. Install it with `apt-get update && apt-get install -y chromium`. !!!\n',
  );
  return 'chromium is not installed (apt-get install -y chromium)';
}

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

export async function newPage(
  browser: Browser,
  opts: { locale?: string; viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: opts.locale ?? 'zh-CN',
    viewport: opts.viewport ?? { width: 1200, height: 860 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** Saves a screenshot under test/artifacts/screenshots (the README shows some of them). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Registers through the /register page (in Chinese) and waits for /settings. */
export async function registerInBrowser(
  page: Page,
  baseUrl: string,
  email: string,
  password = 'long password',
): Promise<void> {
  await page.goto(`${baseUrl}/register`);
  await page.getByLabel('邮箱', { exact: true }).fill(email);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '注册' }).click();
  await page.waitForURL('**/settings');
}

/**
 * The QR content the page shows (`data-qr-content` of `scan-qr`), once there is one — or, with
 * `previous`, once it has changed from that one (a fresh QR replaced an expired one).
 */
export async function readQr(page: Page, previous?: string): Promise<string> {
  const qr = page.getByTestId('scan-qr');
  await qr.waitFor();
  await page.waitForFunction((p) => {
    const content = document.querySelector('[data-testid="scan-qr"]')?.getAttribute('data-qr-content');
    return !!content && content !== p;
  }, previous ?? null);
  return (await qr.getAttribute('data-qr-content')) as string;
}

/**
 * WeChat's in-app browser on a phone: Chromium with WeChat's User-Agent, opened by the simulated WeChat
 * as `openid` at `url`. Records the paths of the documents it loaded and the QR scenes it asked for.
 */
export async function weChatBrowser(browser: Browser, baseUrl: string, openid: string, url: string) {
  const context = await browser.newContext({
    userAgent: WECHAT_UA,
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const documents: string[] = [];
  const scans: string[] = [];
  context.on('request', (r) => {
    if (r.resourceType() === 'document') documents.push(new URL(r.url()).pathname);
    if (new URL(r.url()).pathname === '/api/scan') scans.push(r.url());
  });
  await page.goto(`${baseUrl}/sim/browser/open?openid=${openid}&url=${encodeURIComponent(url)}`);
  return { context, page, documents, scans };
}

/** Waits for the scan card (`data-testid="scan-card"`) to show `state`. */
export const cardIs = (page: Page, state: string) =>
  page.locator(`[data-testid="scan-card"][data-state="${state}"]`).waitFor();

/**
 * With the page's clock installed and a 60 s QR waiting: lets it expire four times, past the panel's
 * automatic refreshes, until the card rests on `expired`.
 */
export async function expireQrUntilItStops(page: Page): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await page.clock.fastForward(61_000);
    await page.waitForTimeout(400);
    await page.waitForFunction(
      () =>
        !['refreshing', 'loading'].includes(
          document.querySelector('[data-testid="scan-card"]')?.getAttribute('data-state') ?? '',
        ),
    );
  }
  await cardIs(page, 'expired');
}

/**
 * The follower sends `code` to the account in WeChat and taps the confirm link of the reply, which opens
 * in `context` (WeChat's browser, or the phone's own); resolves once the confirmation page has answered.
 */
export async function confirmByKeyword(
  context: BrowserContext,
  phone: { send(text: string): Promise<{ reply?: string | null }> },
  code: string,
): Promise<void> {
  const sent = await phone.send(code);
  const href = linkInReply(sent.reply);
  const confirm = await context.newPage();
  await confirm.goto(href);
  await confirm.getByTestId('confirm-login').click();
  await confirm.getByTestId('confirm-result').waitFor();
}
