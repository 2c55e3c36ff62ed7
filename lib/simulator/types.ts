// Shapes shared by the simulator's server side, its driver and the phone page (browser-safe: no node imports).

/** Socket.IO namespace of the phone page. */
export const SIM_NAMESPACE = '/sim';

/** What WeChat shows in the chat when the account's server failed to answer properly. */
export const UNAVAILABLE_TEXT = '该公众号暂时无法提供服务，请稍后再试';

/** The custom menu the simulated account shows (WeChat's own menu is set through menu/create). */
export const BIND_MENU_KEY = 'BIND_ACCOUNT';

export type SimAccountType = 'service' | 'subscription';

export interface SimAccountView {
  /** The account's original id (gh_…), the ToUserName of every push. */
  originalId: string;
  appId: string;
  name: string;
  encrypted: boolean;
  /** A verified service account (认证服务号) may create parametric QRs; a subscription account (订阅号) may not. */
  type: SimAccountType;
}

/**
 * WeChat's rules the simulator enforces, each switchable from the phone page's fault panel; all on by default,
 * so that a flow passing against the simulator also passes against WeChat.
 */
export interface SimRules {
  /** qrcode/create has a daily quota (`qrDailyLimit`); once spent it answers 45009 until midnight Beijing time. */
  qrQuota: boolean;
  /** Customer-service messages only inside the user's windows (45015), with their counts (45047). */
  serviceWindow: boolean;
  /** Template messages: 43004 for non-followers; since 2023-05 first/remark dropped, values cut to 20 characters. */
  templateRules: boolean;
  /** A subscription account gets 48001 for qrcode/create and template/send, and 10005 on the authorize page. */
  accountType: boolean;
  /** Only callers whose IP is in `allowedIps` may call the API (40164). */
  ipAllowlist: boolean;
  /** user/info returns no nickname and no avatar (since 2021-12-27). */
  userInfoPrivacy: boolean;
}

export const SIM_RULE_NAMES = [
  'qrQuota',
  'serviceWindow',
  'templateRules',
  'accountType',
  'ipAllowlist',
  'userInfoPrivacy',
] as const satisfies ReadonlyArray<keyof SimRules>;

export interface SimUserView {
  openid: string;
  unionid: string;
  nickname: string;
  following: boolean;
  followedAt: number | null;
  /** Last interaction that opens the 48-hour customer-service window (message, click, follow, scan). */
  lastInteractionAt: number | null;
  createdAt: number;
}

export interface SimQrView {
  ticket: string;
  /** The QR content (`http://weixin.qq.com/q/…`). */
  url: string;
  scene: string;
  permanent: boolean;
  createdAt: number;
  /** null for a permanent QR. */
  expiresAt: number | null;
  scans: number;
}

export type NoticeCode =
  | 'followed'
  | 'unfollowed'
  | 'scanned'
  | 'clicked'
  | 'viewed'
  | 'qr_expired'
  | 'qr_unknown'
  | 'unavailable';

export interface TemplateRow {
  label: string;
  value: string;
  color?: string;
}

export interface NewsArticle {
  title: string;
  description: string;
  url: string;
  picUrl: string;
}

interface EntryBase {
  id: number;
  at: number;
}

/** One line of a user's chat with the account, as WeChat would show it. */
export type TimelineEntry =
  | (EntryBase & { kind: 'user_text'; text: string })
  | (EntryBase & { kind: 'account_text'; text: string; via: 'reply' | 'custom' })
  | (EntryBase & { kind: 'account_news'; articles: NewsArticle[]; via: 'reply' | 'custom' })
  | (EntryBase & { kind: 'account_other'; msgType: string; via: 'reply' | 'custom' })
  | (EntryBase & {
      kind: 'template';
      templateId: string;
      title: string;
      first?: string;
      rows: TemplateRow[];
      remark?: string;
      url?: string;
    })
  | (EntryBase & { kind: 'notice'; code: NoticeCode; text: string; detail?: string });

export interface SimFaultsView {
  latencyMs: number;
  failures: Array<{ remaining: number; errcode?: number; errmsg?: string; httpStatus?: number; path?: string }>;
  rules: SimRules;
  accountType: SimAccountType;
  /** qrcode/create's daily quota, and how much of it today (Beijing time) used. */
  qrDailyLimit: number;
  qrUsedToday: number;
  allowedIps: string[];
}

export interface SimStateView {
  account: SimAccountView;
  users: SimUserView[];
  /** Live QR codes (created through qrcode/create, not expired), newest first. */
  qrs: SimQrView[];
  faults: SimFaultsView;
  now: number;
}

export type PhoneAction =
  | { type: 'follow' }
  | { type: 'unfollow' }
  | { type: 'scan'; qrContent: string }
  | { type: 'send'; text: string }
  | { type: 'click'; key: string }
  | { type: 'view'; url: string };

/** How an action ended: the account replied, said `success`, failed (see the timeline), or nothing was sent. */
export type ActionOutcome = 'replied' | 'success' | 'failed' | 'qr_expired' | 'qr_unknown' | 'noop';

export type PhoneAck = { ok: true; outcome: ActionOutcome } | { ok: false; message: string };

export interface SimServerToClient {
  state: (state: SimStateView) => void;
  entry: (payload: { openid: string; entry: TimelineEntry }) => void;
}

export interface SimClientToServer {
  hello: (ack: (state: SimStateView) => void) => void;
  timeline: (payload: { openid: string }, ack: (entries: TimelineEntry[]) => void) => void;
  createUser: (
    payload: { nickname: string },
    ack: (result: { ok: true; user: SimUserView } | { ok: false; message: string }) => void,
  ) => void;
  act: (payload: { openid: string; action: PhoneAction }, ack: (result: PhoneAck) => void) => void;
}
