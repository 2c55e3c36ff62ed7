import type { z } from 'zod';
import { NotFoundError } from '../errors';
import { maskOpenid } from '../log';
import type { Ctx } from '../context';
import type { SendMessageInput } from './schemas';

export type MessageResult = { delivered: boolean; channel: 'custom' | 'template' | null; reason: string | null };

/**
 * POST /api/v1/messages: sends a text or a template message to a bound host user (or an openid).
 * Outside a push there is no passive reply, so the chain is: a customer-service message (within 48 h
 * of the user's last interaction), then a template when one is given; the answer names the channel
 * that delivered it or why none could.
 * WeChat: 客服消息 https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
 * (errcode 45015: outside the 48 h window; 43004: not following), 模板消息
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
export async function sendHostMessage(
  { repos, wechat, log }: Ctx,
  input: z.infer<typeof SendMessageInput>,
): Promise<MessageResult> {
  let openid = input.openid;
  if (input.externalUserId !== undefined) {
    const binding = await repos.hostBindings.findByExternalUserId(input.externalUserId);
    if (!binding) throw new NotFoundError('binding_not_found');
    openid = binding.openid;
  }
  if (!openid) throw new NotFoundError('binding_not_found');
  const reasonOf = (err: unknown): string => {
    const errcode = (err as { errcode?: unknown } | null)?.errcode;
    if (errcode === 43004) return 'not_following';
    if (errcode === 45015 || errcode === 45047) return 'outside_window';
    if (errcode === 40037 || errcode === 40036) return 'template_refused';
    if (errcode === 45009) return 'quota_exceeded';
    return typeof errcode === 'number' && errcode > 0 ? `wechat_${errcode}` : 'wechat_unavailable';
  };
  if (input.text !== undefined) {
    try {
      await wechat.sendCustomText(openid, input.text);
      return { delivered: true, channel: 'custom', reason: null };
    } catch (err) {
      log.info({ openid: maskOpenid(openid), err: (err as Error).message }, 'api message not delivered');
      return { delivered: false, channel: null, reason: reasonOf(err) };
    }
  }
  const template = input.template!;
  try {
    await wechat.sendTemplate({
      toUser: openid,
      templateId: template.templateId,
      url: template.url,
      data: template.data,
    });
    return { delivered: true, channel: 'template', reason: null };
  } catch (err) {
    log.info({ openid: maskOpenid(openid), err: (err as Error).message }, 'api template not delivered');
    return { delivered: false, channel: null, reason: reasonOf(err) };
  }
}
