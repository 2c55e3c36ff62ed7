// Offline events (issue 19), accessibility: axe-core on every event page and its states — the events list
// and one-tap sign-up (signed out, signed in, signed up, refused, an unbound follower's signed link, an
// expired link, in English), the admin's event list, form and attendees, the door check-in screen with its
// QR and staff check-in, and the live board — at 1280×800 and 390×844, with no violation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { SESSION_COOKIE, startSession } from '../../lib/auth/sessions';
import { createEventLink } from '../../lib/events/event-link';
import { LOCALE_COOKIE } from '../../lib/i18n';
import { createBoundUser, createUser } from '../helpers/accounts';
import { axeViolations, DESKTOP, PHONE } from '../helpers/axe';
import { browserSkip, newPage, screenshot } from '../helpers/browser';
import { serverAndBrowser } from '../helpers/e2e';

const ADMIN = 'events-a11y-admin@example.com';
const HOUR = 3600_000;
type Size = { width: number; height: number };
type Scenario = { name: string; run: (page: Page, context: BrowserContext, size: Size) => Promise<void> };

describe('accessibility of the event pages, at 1280×800 and 390×844', { skip: browserSkip }, () => {
  const e2e = serverAndBrowser({ ADMIN_EMAILS: ADMIN });
  let eventId = 0;
  let fullId = 0;
  let n = 0;

  /** A fresh session of `userId` in `context`. */
  async function signIn(context: BrowserContext, userId: number) {
    const session = await startSession(e2e.server.services, userId, { ip: null, userAgent: 'test' });
    await context.addCookies([{ name: SESSION_COOKIE, value: session.token, url: e2e.server.url }]);
  }
  async function asAdmin(context: BrowserContext) {
    const admin =
      (await e2e.server.services.repos.users.findByEmail(ADMIN)) ?? (await createUser(e2e.server, { email: ADMIN }));
    await signIn(context, admin.id);
  }
  async function asNewUser(context: BrowserContext) {
    await signIn(context, (await createUser(e2e.server, { email: `events-a11y-${++n}@example.com` })).id);
  }
  async function setUp() {
    if (eventId) return;
    const { repos } = e2e.server.services;
    const start = Date.now() + 72 * HOUR;
    const base = {
      description: '产品发布与答疑，欢迎携带问题前来。',
      place: '上海市徐汇区',
      startsAt: start,
      endsAt: start + 2 * HOUR,
      signupDeadline: start - HOUR,
      walkInsAllowed: true,
    };
    eventId = (await repos.events.create({ ...base, title: '无障碍路演', capacity: 100 }, Date.now())).id;
    fullId = (await repos.events.create({ ...base, title: '满员沙龙', capacity: 1 }, Date.now())).id;
    const filler = await createBoundUser(e2e.server, 'a11y-ev-filler');
    assert.equal(await repos.events.signUp({ eventId: fullId, userId: filler.id, now: Date.now() }), 'ok');
    // Two arrivals, so the attendee table and the board have rows.
    for (const name of ['a11y-ev-amy', 'a11y-ev-ben']) {
      const u = await createBoundUser(e2e.server, name);
      assert.equal(await repos.events.signUp({ eventId, userId: u.id, now: Date.now() }), 'ok');
      const res = await repos.events.checkIn({ eventId, userId: u.id, now: Date.now(), walkIn: false });
      assert.ok(res, `${name} checked in`);
    }
  }
  const url = (path: string) => `${e2e.server.url}${path}`;

  const scenarios: Scenario[] = [
    {
      name: 'events-signed-out',
      run: async (page) => {
        await page.goto(url('/events'));
        await page.getByTestId(`event-${eventId}`).waitFor();
      },
    },
    {
      name: 'events-signed-in',
      run: async (page, context) => {
        await asNewUser(context);
        await page.goto(url('/events'));
        await page.getByTestId(`sign-up-${eventId}`).waitFor();
      },
    },
    {
      name: 'events-signed-up',
      run: async (page, context) => {
        await asNewUser(context);
        await page.goto(url('/events'));
        await page.getByTestId(`sign-up-${eventId}`).click();
        await page.getByTestId(`signed-up-${eventId}`).waitFor();
      },
    },
    {
      name: 'events-full',
      run: async (page, context) => {
        await asNewUser(context);
        await page.goto(url('/events'));
        await page.getByTestId(`sign-up-${fullId}`).click();
        await page.getByTestId(`event-${fullId}`).getByRole('alert').waitFor();
      },
    },
    {
      name: 'events-link-unbound',
      run: async (page) => {
        const phone = e2e.server.simulator!.driver.user(`a11y-ev-unbound-${++n}`, { following: true });
        const { config } = e2e.server.services;
        await page.goto(createEventLink(config.publicUrl, config.appSecret, phone.openid, Date.now()));
        await page.getByTestId(`bind-first-${eventId}`).waitFor();
      },
    },
    {
      name: 'events-link-expired',
      run: async (page) => {
        await page.goto(url('/events?openid=o_x&timestamp=1&signature=forged'));
        await page.getByRole('status').waitFor();
      },
    },
    {
      name: 'events-en',
      run: async (page, context) => {
        await context.addCookies([{ name: LOCALE_COOKIE, value: 'en', url: e2e.server.url }]);
        await asNewUser(context);
        await page.goto(url('/events'));
        await page.getByRole('button', { name: 'Sign up' }).first().waitFor();
      },
    },
    {
      name: 'admin-events',
      run: async (page, context) => {
        await asAdmin(context);
        await page.goto(url('/admin/events'));
        await page.getByTestId('event-form').waitFor();
      },
    },
    {
      name: 'admin-events-error',
      run: async (page, context) => {
        await asAdmin(context);
        await page.goto(url('/admin/events'));
        await page.getByLabel('活动名称').fill('错误的活动');
        await page.getByLabel('地点').fill('北京');
        await page.getByLabel('结束时间').fill('2020-01-01T10:00');
        await page.getByRole('button', { name: '创建活动' }).click();
        await page.getByTestId('event-form').getByRole('alert').waitFor();
      },
    },
    {
      name: 'admin-event',
      run: async (page, context) => {
        await asAdmin(context);
        await page.goto(url(`/admin/events/${eventId}`));
        await page.getByTestId('event-form').waitFor();
      },
    },
    {
      name: 'checkin-screen',
      run: async (page, context) => {
        await asAdmin(context);
        await page.goto(url(`/admin/events/${eventId}/checkin`));
        await page.getByTestId('checkin-qr').waitFor();
      },
    },
    {
      name: 'checkin-by-email',
      run: async (page, context) => {
        await asAdmin(context);
        const u = await createBoundUser(e2e.server, `a11y-ev-door-${++n}`);
        await e2e.server.services.repos.events.signUp({ eventId, userId: u.id, now: Date.now() });
        await page.goto(url(`/admin/events/${eventId}/checkin`));
        await page.getByTestId('checkin-qr').waitFor();
        await page.getByLabel('邮箱').fill(u.email);
        await page.getByRole('button', { name: /邮箱签到/ }).click();
        await page.getByRole('status').filter({ hasText: /签到/ }).waitFor();
      },
    },
    {
      name: 'checkin-by-email-error',
      run: async (page, context) => {
        await asAdmin(context);
        await page.goto(url(`/admin/events/${eventId}/checkin`));
        await page.getByLabel('邮箱').fill('nobody-a11y@example.com');
        await page.getByRole('button', { name: /邮箱签到/ }).click();
        await page.locator('form [role="alert"]').waitFor();
      },
    },
    {
      name: 'board',
      run: async (page, context) => {
        await asAdmin(context);
        await page.goto(url(`/admin/events/${eventId}/board`));
        await page.locator('[data-arrival="2"]').waitFor();
      },
    },
  ];

  for (const size of [DESKTOP, PHONE]) {
    it(`has no axe violations at ${size.width}×${size.height}`, async () => {
      await setUp();
      const report: string[] = [];
      for (const scenario of scenarios) {
        const { context, page } = await newPage(e2e.browser, { viewport: size });
        try {
          await scenario.run(page, context, size);
          for (const v of await axeViolations(page)) report.push(`${scenario.name}: ${v}`);
          await screenshot(page, `events-${scenario.name}${size === PHONE ? '-phone' : ''}`);
        } catch (err) {
          report.push(`${scenario.name}: could not reach the state: ${(err as Error).message.split('\n')[0]}`);
        } finally {
          await context.close();
        }
      }
      assert.deepEqual(report, [], `axe violations:\n${report.join('\n')}`);
    });
  }
});
