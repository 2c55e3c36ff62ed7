// The WeChat simulator: a mock of WeChat's server API, simulated users with phones, and the event sender
// that pushes to the app's webhook with WeChat's delivery rules. It signs, encrypts and parses with
// lib/wechat, the same code the webhook verifies with. Mounted only while WECHAT_SIMULATOR is on.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server as SocketServer } from 'socket.io';
import type { DeliverOptions, Delivery } from './deliver';
import { sendJson } from './http';
import { handleApi, type MockApiContext, type SimMenuButton, type TemplateDef } from './mock-api';
import { Phone, type ActionResult } from './phone';
import { persistWorld } from './persist';
import { authorize, openInAppBrowser, SimOAuth, type OAuthPageContext } from './oauth';
import { attachPhoneSocket } from './socket';
import { handleDev, type FaultInput } from './dev-api';
import {
  BIND_MENU_KEY,
  type SimAccountType,
  type SimAccountView,
  type SimFaultsView,
  type SimRules,
  type SimQrView,
  type SimStateView,
  type SimUserView,
  type TimelineEntry,
} from './types';
import { LOOPBACK_IPS, QR_DAILY_LIMIT_DEFAULT, qrView, userView, SimWorld, type ApiCall, type SimUser } from './world';

export type { ActionResult } from './phone';
export { SimulatorActionError } from './phone';
export type { Delivery, DeliveryAttempt, DeliverOptions, ParsedReply } from './deliver';
export type { ApiCall } from './world';
export type { SimMenuButton, TemplateDef } from './mock-api';
export * from './types';

export interface SimulatorOptions {
  appId: string;
  appSecret: string;
  token: string;
  encodingAesKey?: string;
  /** Where the simulated WeChat delivers pushes (this app's /api/wechat). */
  webhookUrl: string;
  log?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
  /** The app's verification-code template; registered so template/send accepts it. */
  templateIdCode?: string;
  /** More templates the mock account owns, by template_id. */
  templates?: Record<string, TemplateDef>;
  /** WeChat waits 5000 ms for the webhook's answer. */
  deliveryTimeoutMs?: number;
  /** Requests per push in total (WeChat: 3). */
  deliveryAttempts?: number;
  /** The account's original id (gh_…); derived from the appid by default. */
  originalId?: string;
  accountName?: string;
  /** Push TEMPLATESENDJOBFINISH after template/send (default true). */
  templateJobFinish?: boolean;
  /** The simulated account's type (default `service`); a subscription account gets 48001 for parametric QRs. */
  accountType?: SimAccountType;
  /** qrcode/create's daily quota (default 100,000, WeChat's). */
  qrDailyLimit?: number;
  /** IPs allowed to call the API (default this machine: 127.0.0.1 and ::1). */
  allowedIps?: string[];
  now?: () => number;
  /** The account's 网页授权域名 (host[:port]) that redirect_uri must lie under; unset: any host. */
  oauthDomain?: string;
  /** A JSON file that keeps the world (users, chats, QRs) across restarts; unset: memory only. */
  stateFile?: string;
}

/** One simulated WeChat user, driven from tests. Every action resolves after WeChat's delivery (with its retries) ended. */
export interface SimUserHandle {
  readonly openid: string;
  readonly unionid: string;
  readonly nickname: string;
  info(): SimUserView;
  /** Scans QR content (the `url` qrcode/create answered, or its ticket). */
  scan(qrContent: string, opts?: DeliverOptions): Promise<ActionResult>;
  follow(opts?: DeliverOptions): Promise<ActionResult>;
  unfollow(opts?: DeliverOptions): Promise<ActionResult>;
  send(text: string, opts?: DeliverOptions): Promise<ActionResult>;
  /** A menu click; the simulated menu's item is `BIND_ACCOUNT`. */
  click(key?: string, opts?: DeliverOptions): Promise<ActionResult>;
  view(url: string, opts?: DeliverOptions): Promise<ActionResult>;
  /** WeChat's authorization-change push for this user: withdrawn, WeChat account deleted, or profile cleaned up. */
  authorizationChange(
    event: 'user_authorization_revoke' | 'user_authorization_cancellation' | 'user_info_modified',
    opts?: DeliverOptions,
  ): Promise<ActionResult>;
  timeline(): TimelineEntry[];
  /** Moves the last interaction and the customer-service windows `ms` into the past (to leave them). */
  idle(ms: number): void;
}

export interface SimulatorDriver {
  readonly account: SimAccountView;
  /** The user with this nickname or openid; an unknown nickname creates one (not following unless asked). */
  user(nameOrOpenid: string, opts?: { following?: boolean }): SimUserHandle;
  users(): SimUserView[];
  /** Live QR codes, newest first. */
  qrs(): SimQrView[];
  /** Ends a QR code's life now. */
  expireQr(qrContent: string): boolean;
  /** How many permanent QRs the account may make in all (WeChat: 100,000; then 45029). */
  setPermanentQrLimit(limit: number): void;
  /** A web-authorization code for this user, as WeChat's authorize page would issue it (any appid). */
  oauthCode(openid: string, opts?: { appid?: string }): string;
  /** Ends a web-authorization code's 5 minutes now. */
  expireOAuthCode(code: string): boolean;
  /** Snapshot-page mode (快照页): the exchange answers a virtual openid with is_snapshotuser=1. */
  snapshotUser(on: boolean): void;
  /** Every push made so far, oldest first, with each attempt. */
  deliveries(filter?: { openid?: string; kind?: string }): Delivery[];
  apiCalls(): ApiCall[];
  addTemplate(templateId: string, def: TemplateDef): void;
  /** As if the account's admin deleted the template. */
  removeTemplate(templateId: string): boolean;
  /** Replaces the account's custom menu (null: no menu). By default one click button `BIND_ACCOUNT`. */
  setMenu(buttons: SimMenuButton[] | null): void;
  faults: {
    latency(ms: number): void;
    /** The next `count` API calls (optionally only under `path`, e.g. `/cgi-bin/qrcode/create`) fail. */
    failNext(count: number, how: { errcode?: number; errmsg?: string; status?: number; path?: string }): void;
    /** Switches WeChat's rules (all on by default). */
    rules(rules: Partial<SimRules>): void;
    accountType(type: SimAccountType): void;
    /** qrcode/create's daily quota; set it to what was used today to exhaust it. */
    qrDailyLimit(limit: number): void;
    allowedIps(ips: string[]): void;
    /** As if another server had refreshed the token: the current one (or `token`) answers 40001 from now on. */
    invalidateToken(token?: string): boolean;
    /** The current token answers 42001 from now on. */
    expireToken(): boolean;
    reset(): void;
    state(): SimFaultsView;
  };
}

export interface Simulator {
  /** Serves /sim/* (the mock WeChat API and the developer endpoints). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Live updates for the phone page (Socket.IO namespace /sim). */
  attach(io: SocketServer): void;
  close(): void;
  driver: SimulatorDriver;
}

export function createSimulator(opts: SimulatorOptions): Simulator {
  const now = opts.now ?? Date.now;
  const world = new SimWorld(opts.appId, now, {
    accountType: opts.accountType ?? 'service',
    qrDailyLimit: opts.qrDailyLimit ?? QR_DAILY_LIMIT_DEFAULT,
    allowedIps: opts.allowedIps ?? [...LOOPBACK_IPS],
  });
  const saved = opts.stateFile ? persistWorld(world, opts.appId, opts.stateFile, opts.log) : null;
  let closed = false;
  const account: SimAccountView = {
    originalId: opts.originalId ?? `gh_${createHash('sha1').update(opts.appId).digest('hex').slice(0, 12)}`,
    appId: opts.appId,
    name: opts.accountName ?? 'WeBind',
    encrypted: Boolean(opts.encodingAesKey),
    get type() {
      return world.settings.accountType;
    },
  };
  const phone = new Phone(world, {
    token: opts.token,
    appId: opts.appId,
    encodingAesKey: opts.encodingAesKey,
    originalId: account.originalId,
    webhookUrl: opts.webhookUrl,
    timeoutMs: opts.deliveryTimeoutMs ?? 5000,
    attempts: opts.deliveryAttempts ?? 3,
    now,
    nextId: () => world.nextDeliveryNumber(),
    closed: () => closed,
  });
  const templates = new Map<string, TemplateDef>(Object.entries(opts.templates ?? {}));
  // As an account would configure it in WeChat's admin: the keys the app's verification-code message fills.
  if (opts.templateIdCode && !templates.has(opts.templateIdCode)) {
    templates.set(opts.templateIdCode, {
      title: '验证码通知',
      content: '{{first.DATA}}\n验证码：{{keyword1.DATA}}\n有效期：{{keyword2.DATA}}\n{{remark.DATA}}',
    });
  }
  const apiContext: MockApiContext = {
    world,
    phone,
    appId: opts.appId,
    appSecret: opts.appSecret,
    templates,
    templateJobFinish: opts.templateJobFinish ?? true,
    menu: { buttons: [{ type: 'click', name: '绑定账号', key: BIND_MENU_KEY }] },
    oauth: new SimOAuth(now, opts.oauthDomain ?? null),
  };
  const oauthPages: OAuthPageContext = {
    oauth: apiContext.oauth,
    appId: opts.appId,
    userExists: (openid) => world.users.has(openid),
    accountType: () => world.settings.accountType,
    accountTypeRule: () => world.rules.accountType,
  };

  world.on('entry', (openid, entry) => {
    if (entry.kind === 'notice' && entry.code === 'unavailable') {
      opts.log?.warn(
        { openid: `${openid.slice(0, 3)}***`, detail: entry.detail },
        'simulator: the webhook did not answer a push properly',
      );
    }
  });

  const faults: SimulatorDriver['faults'] = {
    latency: (ms) => applyFaults({ latencyMs: ms }),
    failNext: (count, how) => applyFaults({ failNext: { count, ...how } }),
    rules: (rules) => applyFaults({ rules }),
    accountType: (type) => applyFaults({ accountType: type }),
    qrDailyLimit: (limit) => applyFaults({ qrDailyLimit: limit }),
    allowedIps: (ips) => applyFaults({ allowedIps: ips }),
    invalidateToken: (token) =>
      token === undefined ? applyFaults({ invalidateToken: true }).tokenChanged : world.revokeToken(token, 'invalid'),
    expireToken: () => applyFaults({ expireToken: true }).tokenChanged,
    reset: () => applyFaults({ reset: true }),
    state: () => world.faultsView(),
  };

  function applyFaults(input: FaultInput): { tokenChanged: boolean } {
    let tokenChanged = false;
    if (input.reset) world.resetFaults();
    if (input.rules) world.rules = { ...world.rules, ...input.rules };
    if (input.accountType) world.settings.accountType = input.accountType;
    if (input.qrDailyLimit !== undefined) world.settings.qrDailyLimit = input.qrDailyLimit;
    if (input.allowedIps) world.settings.allowedIps = [...input.allowedIps];
    if (input.latencyMs !== undefined)
      world.faults.latencyMs = Math.max(0, Math.min(60_000, Math.floor(input.latencyMs)));
    if (input.failNext) {
      const { count, errcode, errmsg, status, path } = input.failNext;
      world.faults.failures.push({
        remaining: Math.max(1, Math.floor(count)),
        ...(status ? { httpStatus: status } : { errcode: errcode ?? -1 }),
        ...(errmsg ? { errmsg } : {}),
        ...(path ? { path } : {}),
      });
    }
    if (input.invalidateToken) tokenChanged = world.revokeToken(world.currentToken, 'invalid') || tokenChanged;
    if (input.expireToken) tokenChanged = world.revokeToken(world.currentToken, 'expired') || tokenChanged;
    world.changed();
    return { tokenChanged };
  }

  function state(): SimStateView {
    return {
      account,
      users: [...world.users.values()].map(userView),
      qrs: world.liveQrs().map(qrView),
      faults: world.faultsView(),
      now: now(),
    };
  }

  function handleFor(user: SimUser): SimUserHandle {
    const run = (action: Parameters<Phone['act']>[1], o?: DeliverOptions) => phone.act(user, action, o);
    return {
      openid: user.openid,
      unionid: user.unionid,
      nickname: user.nickname,
      info: () => userView(user),
      scan: (qrContent, o) => run({ type: 'scan', qrContent }, o),
      follow: (o) => run({ type: 'follow' }, o),
      unfollow: (o) => run({ type: 'unfollow' }, o),
      send: (text, o) => run({ type: 'send', text }, o),
      click: (key = BIND_MENU_KEY, o) => run({ type: 'click', key }, o),
      view: (url, o) => run({ type: 'view', url }, o),
      authorizationChange: (event, o) => phone.authorizationChange(user, event, o),
      timeline: () => user.timeline.map((e) => ({ ...e })),
      idle: (ms) => {
        if (user.lastInteractionAt !== null) user.lastInteractionAt -= ms;
        for (const grant of [user.grants.message, user.grants.event]) if (grant) grant.until -= ms;
      },
    };
  }

  const driver: SimulatorDriver = {
    account,
    user(nameOrOpenid, o = {}) {
      const known = world.userFor(nameOrOpenid, { create: false });
      const user = known ?? world.createUser(nameOrOpenid);
      if (!known && o.following) {
        user.following = true;
        user.followedAt = now();
        user.subscribeScene = 'ADD_SCENE_SEARCH';
        world.changed();
      }
      return handleFor(user);
    },
    users: () => [...world.users.values()].map(userView),
    qrs: () => world.liveQrs().map(qrView),
    setPermanentQrLimit(limit) {
      world.permanentQrLimit = Math.max(0, Math.floor(limit));
    },
    expireQr(content) {
      const qr = world.findQr(content);
      if (!qr) return false;
      qr.expiresAt = now() - 1;
      world.changed();
      return true;
    },
    deliveries: (filter = {}) =>
      world.deliveries.filter(
        (d) => (!filter.openid || d.openid === filter.openid) && (!filter.kind || d.kind === filter.kind),
      ),
    apiCalls: () => [...world.apiCalls],
    oauthCode: (openid, o = {}) => apiContext.oauth.issue({ appid: o.appid ?? opts.appId, openid }),
    expireOAuthCode: (code) => apiContext.oauth.expire(code),
    snapshotUser: (on) => {
      apiContext.oauth.snapshot = on;
    },
    addTemplate: (id, def) => void templates.set(id, def),
    removeTemplate: (id) => templates.delete(id),
    setMenu: (buttons) => {
      apiContext.menu = buttons ? { buttons } : null;
    },
    faults,
  };

  let detach: (() => void) | null = null;

  return {
    driver,
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://sim');
      const path = url.pathname.slice('/sim'.length);
      if (path === '/connect/oauth2/authorize') return authorize(oauthPages, req, res, url.searchParams);
      if (path === '/browser/open') return openInAppBrowser(oauthPages, req, res, url.searchParams);
      if (path.startsWith('/cgi-bin/') || path.startsWith('/sns/'))
        return handleApi(apiContext, req, res, path, url.searchParams);
      if (path.startsWith('/dev/'))
        return handleDev({ req, res, path, state, applyFaults, faults: () => world.faultsView() });
      sendJson(res, 404, { errcode: 404, errmsg: 'not found' });
    },
    attach(io) {
      detach = attachPhoneSocket(io, { world, phone, state });
    },
    close() {
      closed = true;
      detach?.();
      saved?.flush();
    },
  };
}
