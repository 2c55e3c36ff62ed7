import type { Ctx } from '../context';
import { maskOpenid } from '../log';
import { WeChatErrcode } from '../wechat';

/**
 * ONE delivery chain for every message WeBind sends to a WeChat user (codes, confirm links, notices):
 *
 * 1. the passive reply, when the caller is answering a push from that user (it cannot fail on WeChat's
 *    side: 被动回复用户消息, https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html);
 * 2. else a customer-service message, only while a window is open (lib/delivery/windows.ts; 客服消息,
 *    https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Customer_Service_Messages.html);
 * 3. else a template message, with the template id from config and the 2023-05 rules checked: no
 *    first/remark, every value one line of at most 20 characters (模板消息,
 *    https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html;
 *    关于规范公众号模板消息的再次公告, https://developers.weixin.qq.com/community/develop/doc/000a2ae286cdc0f41a8face4c51801);
 * 4. else "not delivered", with every attempt and its outcome, so the caller tells the user what to do.
 *
 * Never call it inside a transaction: it talks to WeChat.
 */
export type Channel = 'reply' | 'custom' | 'template';

/** What a refused or failed attempt means. */
export type AttemptOutcome =
  | 'no_window'
  | 'window_closed'
  | 'window_spent'
  | 'not_following'
  | 'unknown_user'
  | 'no_template'
  | 'bad_template'
  | 'not_allowed'
  | 'quota_spent'
  | 'ip_not_allowed'
  | 'bad_request'
  | 'user_blocked'
  | 'unavailable'
  | 'failed';

export interface Attempt {
  channel: Exclude<Channel, 'reply'>;
  outcome: AttemptOutcome;
  /** WeChat's errcode; absent when no call was made (no window open, no template configured). */
  errcode?: number;
}

export type Delivery =
  | { delivered: true; via: 'reply'; text: string }
  | { delivered: true; via: 'custom' | 'template'; attempts: Attempt[] }
  | { delivered: false; via: null; attempts: Attempt[] };

/** A template message's values: one line each, at most 20 characters; `first`/`remark` are not allowed. */
export interface TemplateContent {
  /** Default: the code template from config (WECHAT_TEMPLATE_ID_CODE). */
  templateId?: string;
  data: Record<string, { value: string; color?: string }>;
  url?: string;
}

export interface OutgoingMessage {
  openid: string;
  /** The whole message as text: the passive reply and the customer-service message (none: template only). */
  text?: string;
  /** The same as a template message's values (sent with the configured template id), when there is one. */
  template?: TemplateContent;
  /** Set when answering a push from `openid`: the passive reply is used. */
  answeringPush?: boolean;
  /** Bounds the WeChat calls together (default 10 s). */
  budgetMs?: number;
}

/** WeChat's documented errcodes of custom/send and template/send, each mapped to what it means for us. */
export const ERRCODE_OUTCOMES: Readonly<Record<number, { outcome: AttemptOutcome; level: 'info' | 'warn' | 'error' }>> =
  {
    [WeChatErrcode.OUT_OF_WINDOW]: { outcome: 'window_closed', level: 'info' },
    [WeChatErrcode.OUT_OF_RESPONSE_COUNT]: { outcome: 'window_spent', level: 'info' },
    [WeChatErrcode.REQUIRE_SUBSCRIBE]: { outcome: 'not_following', level: 'info' },
    [WeChatErrcode.INVALID_OPENID]: { outcome: 'unknown_user', level: 'warn' },
    40013: { outcome: 'unknown_user', level: 'warn' }, // invalid appid: the openid belongs to another account
    [WeChatErrcode.INVALID_TEMPLATE_ID]: { outcome: 'bad_template', level: 'error' },
    [WeChatErrcode.API_UNAUTHORIZED]: { outcome: 'not_allowed', level: 'error' },
    48004: { outcome: 'not_allowed', level: 'error' }, // api forbidden for irregularities
    [WeChatErrcode.DAILY_QUOTA]: { outcome: 'quota_spent', level: 'error' },
    45011: { outcome: 'quota_spent', level: 'warn' }, // api minute-quota reached
    [WeChatErrcode.IP_NOT_ALLOWED]: { outcome: 'ip_not_allowed', level: 'error' },
    40008: { outcome: 'bad_request', level: 'error' }, // invalid message type
    [WeChatErrcode.INVALID_ARGS]: { outcome: 'bad_request', level: 'error' },
    44002: { outcome: 'bad_request', level: 'error' }, // empty post data
    45002: { outcome: 'bad_request', level: 'error' }, // content too long
    47001: { outcome: 'bad_request', level: 'error' }, // data format error
    43019: { outcome: 'user_blocked', level: 'info' }, // the user put the account on the blacklist
    [WeChatErrcode.SYSTEM_BUSY]: { outcome: 'unavailable', level: 'warn' },
  };

export const TEMPLATE_VALUE_MAX = 20;

/** Throws when a template would break WeChat's 2023-05 rules (a programming error, not a user's). */
export function checkTemplate(content: TemplateContent): void {
  for (const [key, item] of Object.entries(content.data)) {
    if (key === 'first' || key === 'remark') throw new Error(`template field ${key} is no longer shown by WeChat`);
    if (/[\r\n]/.test(item.value)) throw new Error(`template value ${key} has a newline`);
    if (Array.from(item.value).length > TEMPLATE_VALUE_MAX)
      throw new Error(`template value ${key} is longer than ${TEMPLATE_VALUE_MAX} characters`);
  }
}

export async function deliverMessage(
  ctx: Pick<Ctx, 'repos' | 'wechat' | 'config' | 'log' | 'now'>,
  message: OutgoingMessage,
): Promise<Delivery> {
  const { openid, text } = message;
  if (message.answeringPush && text !== undefined) return { delivered: true, via: 'reply', text };
  if (message.template) checkTemplate(message.template);
  const deadline = Date.now() + (message.budgetMs ?? 10_000);
  const attempts: Attempt[] = [];

  const call = async (channel: Attempt['channel'], send: () => Promise<unknown>): Promise<boolean> => {
    try {
      const left = deadline - Date.now();
      if (left <= 0) throw Object.assign(new Error('delivery budget spent'), { errcode: -1 });
      await within(send(), left);
      return true;
    } catch (err) {
      // Duck-typed: route handlers run in Next's bundle, whose copy of WeChatApiError is not the server's class.
      const code = (err as { errcode?: unknown } | null)?.errcode;
      const errcode = typeof code === 'number' ? code : -1;
      const known = ERRCODE_OUTCOMES[errcode] ?? { outcome: 'failed' as const, level: 'warn' as const };
      attempts.push({ channel, outcome: known.outcome, errcode });
      ctx.log[known.level](
        { openid: maskOpenid(openid), channel, errcode, outcome: known.outcome, err: (err as Error).message },
        'message not delivered on this channel',
      );
      return false;
    }
  };

  // 2. Customer service, only inside a window we saw open (each message spends one of its count).
  const window = text === undefined ? null : await ctx.repos.windows.take(openid, ctx.now());
  if (text === undefined) {
    // A template-only message: nothing to send as text.
  } else if (!window) {
    attempts.push({ channel: 'custom', outcome: 'no_window' });
  } else if (await call('custom', () => ctx.wechat.sendCustomText(openid, text))) {
    return { delivered: true, via: 'custom', attempts };
  } else {
    const last = attempts.at(-1);
    // WeChat knows better than our record: the window is closed or spent.
    if (last?.outcome === 'window_closed' || last?.outcome === 'window_spent') await ctx.repos.windows.close(openid);
  }

  // 3. A template message (a verified service account's; followers only).
  const templateId = message.template?.templateId ?? ctx.config.wechat.templateIdCode;
  if (!message.template) {
    // A text-only message: there is no template form of it.
  } else if (!templateId || ctx.config.wechat.accountType !== 'service') {
    attempts.push({ channel: 'template', outcome: 'no_template' });
  } else {
    const { data, url } = message.template;
    if (await call('template', () => ctx.wechat.sendTemplate({ toUser: openid, templateId, data, url })))
      return { delivered: true, via: 'template', attempts };
  }
  return { delivered: false, via: null, attempts };
}

/** Rejects once `ms` is spent; the call may still land (harmless for an idempotent message such as a code). */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { errcode: -1 })), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
