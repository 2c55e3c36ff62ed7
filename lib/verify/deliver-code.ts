import type { Ctx } from '../context';
import { t, type Locale } from '../i18n';
import { maskOpenid } from '../log';
import { isWeChatApiError, WeChatApiError } from '../wechat';
import { CODE_TTL_MINUTES } from './code';

export type DeliveryChannel = 'template' | 'custom';
export type DeliveryResult =
  | { via: DeliveryChannel }
  | { via: null; failures: Array<{ channel: DeliveryChannel; errcode: number }> };

/**
 * Sends a code to a WeChat user: the code template when one is configured, else (or when WeChat refuses
 * it: 43004 not following, 40037 bad template, 45009 quota, …) a customer-service text. `budgetMs`
 * bounds the whole attempt, so a webhook caller still answers WeChat in time and can fall back to the
 * passive reply. Never call this inside a transaction.
 */
export async function deliverVerificationCode(
  { wechat, config, log }: Pick<Ctx, 'wechat' | 'config' | 'log'>,
  input: {
    openid: string;
    code: string;
    account: string;
    locale: Locale;
    budgetMs?: number;
  },
): Promise<DeliveryResult> {
  const { openid, code, account, locale } = input;
  const deadline = Date.now() + (input.budgetMs ?? 10_000);
  const failures: Array<{ channel: DeliveryChannel; errcode: number }> = [];
  const minutes = CODE_TTL_MINUTES;

  const attempt = async (channel: DeliveryChannel, send: () => Promise<unknown>): Promise<boolean> => {
    try {
      const left = deadline - Date.now();
      if (left <= 0) throw new WeChatApiError(-1, 'delivery budget spent', 'timeout');
      await within(send(), left);
      return true;
    } catch (err) {
      const errcode = isWeChatApiError(err) ? err.errcode : -1;
      failures.push({ channel, errcode });
      log.warn(
        { openid: maskOpenid(openid), channel, errcode, err: (err as Error).message },
        'verification code not delivered on this channel',
      );
      return false;
    }
  };

  const templateId = config.wechat.templateIdCode;
  if (templateId) {
    const sent = await attempt('template', () =>
      wechat.sendTemplate({
        toUser: openid,
        templateId,
        data: {
          first: { value: t(locale, 'verify.template.first', { account }) },
          keyword1: { value: code, color: '#07C160' },
          keyword2: { value: t(locale, 'verify.template.validity', { minutes }) },
          remark: { value: t(locale, 'verify.template.remark') },
        },
      }),
    );
    if (sent) return { via: 'template' };
  }
  const sent = await attempt('custom', () =>
    wechat.sendCustomText(openid, t(locale, 'verify.wechat.code', { code, account, minutes })),
  );
  if (sent) return { via: 'custom' };
  return { via: null, failures };
}

/** Rejects with a timeout once `ms` is spent; the underlying call may still land (the code is the same, so no harm). */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WeChatApiError(-1, `no answer within ${ms} ms`, 'timeout')), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
