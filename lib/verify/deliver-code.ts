import type { Ctx } from '../context';
import { type Delivery, deliverMessage } from '../delivery/deliver-message';
import { t, type Locale } from '../i18n';
import { CODE_TTL_MINUTES } from './code';

/**
 * Sends a password-reset code to a WeChat user through the delivery chain (lib/delivery): the passive
 * reply when answering that user's scan or message, else customer service while a window is open, else
 * the code template (keyword1 = the code, keyword2 = its validity; WeChat shows neither first nor remark
 * since 2023-05), else not delivered. Never call this inside a transaction.
 */
export function deliverVerificationCode(
  ctx: Pick<Ctx, 'repos' | 'wechat' | 'config' | 'log' | 'now'>,
  input: {
    openid: string;
    code: string;
    account: string;
    locale: Locale;
    answeringPush?: boolean;
    budgetMs?: number;
  },
): Promise<Delivery> {
  const { openid, code, account, locale } = input;
  const minutes = CODE_TTL_MINUTES;
  return deliverMessage(ctx, {
    openid,
    text: t(locale, 'verify.wechat.code', { code, account, minutes }),
    template: {
      data: {
        keyword1: { value: code, color: '#07C160' },
        keyword2: { value: t(locale, 'verify.template.validity', { minutes }) },
      },
    },
    answeringPush: input.answeringPush,
    budgetMs: input.budgetMs,
  });
}
