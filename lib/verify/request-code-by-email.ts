import type { Ctx } from '../context';
import { z } from 'zod';
import { isRateLimited } from '../errors';
import type { Locale } from '../i18n';
import { maskEmail, maskOpenid } from '../log';
import { limit } from '../rate-limit';
import { EmailSchema } from '../auth/input';
import { hashVerificationCode, newVerificationCode } from './code';
import { deliverVerificationCode } from './deliver-code';
import { CODES_PER_ACCOUNT } from './send-code-from-scan';
import { issueVerificationCode } from './issue-code';

export const RequestCodeInput = z.object({ email: EmailSchema });

const HOUR = 3600_000;
export const REQUESTS_PER_EMAIL = 5;
export const REQUESTS_PER_IP = 20;
const IP_WINDOW_MS = 15 * 60_000;

/**
 * "Send a code to the WeChat bound to this account." The answer is the same whether the email is
 * unknown, unbound, over its account limit or bound — same body, and the same database work, with
 * WeChat called only after the answer — so the form tells nobody which emails have accounts.
 * Limits that could only trip for a real account are applied silently for the same reason.
 * The caller runs `deliver` after the response is sent (a no-op when there is nobody to send to).
 */
export async function requestCodeByEmail(
  ctx: Ctx,
  {
    input,
    ip,
    locale,
  }: {
    input: z.infer<typeof RequestCodeInput>;
    ip: string | null;
    locale: Locale;
  },
): Promise<{ deliver: () => Promise<void> }> {
  if (ip) await limit(ctx, `verify:ip:${ip}`, REQUESTS_PER_IP, IP_WINDOW_MS);
  await limit(ctx, `verify:email:${input.email}`, REQUESTS_PER_EMAIL, HOUR);
  const { repos, config, now, log } = ctx;
  const at = now();
  const user = await repos.users.findByEmail(input.email);
  const binding = await repos.bindings.findByUser(user?.id ?? 0);

  if (!user || !binding) {
    // The issuing path's work, spent on nobody: one limit hit, one HMAC, one write transaction.
    await repos.rateLimits.hit('verify:user:none', CODES_PER_ACCOUNT, HOUR, at);
    hashVerificationCode(config.appSecret, 0, newVerificationCode());
    await repos.transaction((tx) => tx.codes.retireForUser(0, at));
    return { deliver: nothing };
  }
  try {
    await limit(ctx, `verify:user:${user.id}`, CODES_PER_ACCOUNT, HOUR);
  } catch (err) {
    if (!isRateLimited(err)) throw err;
    log.info({ userId: user.id }, 'verification code request over the account limit; answered neutrally');
    return { deliver: nothing };
  }
  const { code } = await repos.transaction((tx) =>
    issueVerificationCode(tx, { userId: user.id, secret: config.appSecret, now: at }),
  );
  const account = maskEmail(user.email);
  const openid = binding.openid;
  // After the answer: WeChat's latency and errors must not show in the response.
  const deliver = async () => {
    try {
      const delivery = await deliverVerificationCode(ctx, { openid, code, account, locale });
      await repos.audit.add({
        at: now(),
        action: delivery.via ? 'password_reset.code_sent' : 'password_reset.code_undelivered',
        userId: user.id,
        openid,
        detail: delivery.via
          ? { trigger: 'email', via: delivery.via }
          : { trigger: 'email', attempts: delivery.attempts },
      });
      if (!delivery.via)
        log.warn(
          { userId: user.id, openid: maskOpenid(openid), attempts: delivery.attempts },
          'verification code could not be delivered (no window, no template reach); the page points to the scan or keyword code',
        );
    } catch (err) {
      log.error({ err, userId: user.id }, 'verification code delivery failed');
    }
  };
  return { deliver };
}

const nothing = async () => undefined;
