import type { z } from 'zod';
import { type Attempt, type Delivery, deliverMessage } from '../delivery/deliver-message';
import { NotFoundError, ValidationError } from '../errors';
import { maskOpenid } from '../log';
import type { Ctx } from '../context';
import type { SendMessageInput } from './schemas';

export type MessageResult = { delivered: boolean; channel: 'custom' | 'template' | null; reason: string | null };

/**
 * POST /api/v1/messages: sends a text or a template message to a bound host user (or an openid).
 * Through WeBind's one delivery chain (lib/delivery): outside a push there is no passive reply, so a
 * customer-service message while the user's window is open, then the template when one is given; the
 * answer names the channel that delivered it or why none could.
 * WeChat: 客服消息 https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
 * (errcode 45015: outside the 48 h window; 43004: not following), 模板消息
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
export async function sendHostMessage(ctx: Ctx, input: z.infer<typeof SendMessageInput>): Promise<MessageResult> {
  const { repos } = ctx;
  let openid = input.openid;
  if (input.externalUserId !== undefined) {
    const binding = await repos.hostBindings.findByExternalUserId(input.externalUserId);
    if (!binding) throw new NotFoundError('binding_not_found');
    openid = binding.openid;
  }
  if (!openid) throw new NotFoundError('binding_not_found');
  let delivery: Delivery;
  try {
    delivery = await deliverMessage(ctx, {
      openid,
      text: input.text,
      template: input.template && {
        templateId: input.template.templateId,
        url: input.template.url,
        data: input.template.data,
      },
    });
  } catch (err) {
    // checkTemplate: WeChat's 2023-05 rules (no first/remark, one line of at most 20 characters a value).
    if (input.template && /template (field|value)/.test((err as Error).message))
      throw new ValidationError('template_rules', (err as Error).message, 'template');
    throw err;
  }
  if (delivery.delivered)
    return { delivered: true, channel: delivery.via === 'template' ? 'template' : 'custom', reason: null };
  const last = delivery.attempts.at(-1);
  ctx.log.info({ openid: maskOpenid(openid), attempts: delivery.attempts }, 'api message not delivered');
  return { delivered: false, channel: null, reason: last ? reasonOf(last) : 'wechat_unavailable' };
}

/** The answer's `reason`, from the delivery chain's last attempt. */
function reasonOf(attempt: Attempt): string {
  switch (attempt.outcome) {
    case 'no_window':
    case 'window_closed':
    case 'window_spent':
      return 'outside_window';
    case 'not_following':
      return 'not_following';
    case 'bad_template':
      return 'template_refused';
    case 'quota_spent':
      return 'quota_exceeded';
    case 'no_template':
      return 'no_template';
    default:
      return attempt.errcode !== undefined && attempt.errcode > 0 ? `wechat_${attempt.errcode}` : 'wechat_unavailable';
  }
}
