import type { Ctx } from '../context';
import type { ServiceWindowKind } from '../db/types';
import type { WeChatMessage } from '../wechat';

/**
 * WeChat's customer-service windows (客服消息下发规则,
 * https://developers.weixin.qq.com/doc/offiaccount/Customer_Service/Customer_Service_Messages.html):
 * after a user's message the account may send 5 customer-service messages within 48 hours; after a
 * follow, a QR scan or a menu click, 3 within 1 minute. Outside them WeChat answers 45015 (out of time)
 * or 45047 (count spent). WeBind learns the windows from the pushes it receives and keeps them per openid
 * in the database, so every instance knows them.
 */
export const MESSAGE_WINDOW = { ms: 48 * 3600_000, count: 5 } as const;
export const EVENT_WINDOW = { ms: 60_000, count: 3 } as const;

/** The window a push opens (`until`, `count`), 'close' for an unfollow, or null. */
export function windowOf(
  ctx: Pick<Ctx, 'now'>,
  msg: WeChatMessage,
): { kind: ServiceWindowKind; until: number; count: number } | 'close' | null {
  // WeChat counts from the push's own time; a retry or a late delivery must not stretch the window.
  const sent = Number(msg.createTime) * 1000;
  const at = Number.isFinite(sent) && sent > 0 ? Math.min(sent, ctx.now()) : ctx.now();
  const message = { kind: 'message', until: at + MESSAGE_WINDOW.ms, count: MESSAGE_WINDOW.count } as const;
  switch (msg.kind) {
    case 'text':
      return message;
    case 'subscribe':
    case 'scan':
    case 'click':
      return { kind: 'event', until: at + EVENT_WINDOW.ms, count: EVENT_WINDOW.count };
    case 'unknown':
      // Images, voice, video, location and link messages are user messages too.
      return msg.msgType !== 'event' ? message : null;
    case 'unsubscribe':
      // 45015 covers "subscription is canceled": nothing can be sent any more.
      return 'close';
    default:
      return null;
  }
}

/** Opens the window a push grants (messages; follows, scans and menu clicks), if any. */
export async function recordServiceWindow(ctx: Pick<Ctx, 'repos' | 'now'>, msg: WeChatMessage): Promise<void> {
  const window = windowOf(ctx, msg);
  if (window === 'close') return ctx.repos.windows.close(msg.fromUserName);
  if (window) return ctx.repos.windows.open(msg.fromUserName, window.kind, window.until, window.count);
}
