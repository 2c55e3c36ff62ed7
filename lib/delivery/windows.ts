import type { Ctx } from '../context';
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

/** Opens the window a push grants (messages; follows, scans and menu clicks), if any. */
export async function recordServiceWindow(ctx: Pick<Ctx, 'repos' | 'now'>, msg: WeChatMessage): Promise<void> {
  const openid = msg.fromUserName;
  // WeChat counts from the push's own time; a retry or a late delivery must not stretch the window.
  const sent = Number(msg.createTime) * 1000;
  const at = Number.isFinite(sent) && sent > 0 ? Math.min(sent, ctx.now()) : ctx.now();
  switch (msg.kind) {
    case 'text':
      return ctx.repos.windows.open(openid, 'message', at + MESSAGE_WINDOW.ms, MESSAGE_WINDOW.count);
    case 'subscribe':
    case 'scan':
    case 'click':
      return ctx.repos.windows.open(openid, 'event', at + EVENT_WINDOW.ms, EVENT_WINDOW.count);
    case 'unknown':
      // Images, voice, video, location and link messages are user messages too.
      if (msg.msgType !== 'event')
        return ctx.repos.windows.open(openid, 'message', at + MESSAGE_WINDOW.ms, MESSAGE_WINDOW.count);
      return;
    case 'unsubscribe':
      // 45015 covers "subscription is canceled": nothing can be sent any more.
      return ctx.repos.windows.close(openid);
    default:
      return;
  }
}
