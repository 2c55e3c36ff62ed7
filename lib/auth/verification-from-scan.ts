import type { Scene, User } from '../db/types';
import { RateLimitedError } from '../errors';
import { t } from '../i18n';
import { maskEmail, maskOpenid } from '../log';
import { limit } from '../rate-limit';
import { sceneLocale } from '../scan/scene-locale';
import { sceneUpdate } from '../scan/scene-update';
import { services } from '../services';
import { CODE_TTL_MINUTES } from './verification-code';
import { deliverVerificationCode } from './verification-deliver';
import { issueVerificationCode } from './verification-issue';

const HOUR = 3600_000;
/** Codes per WeChat user and per account in an hour (the email request counts against the account too). */
export const CODES_PER_OPENID = 5;
export const CODES_PER_ACCOUNT = 10;
/** WeChat waits 5 s for the webhook (our handler gives up at 4.5 s): template + customer service get 3 s, then the passive reply carries the code. */
const DELIVERY_BUDGET_MS = 3000;

type Outcome =
  | { kind: 'issued'; scene: Scene; user: User; code: string; account: string }
  | { kind: 'repeat' | 'used' | 'limited' }
  | { kind: 'expired' | 'not_bound'; scene: Scene; push: boolean };

/**
 * A `verify` scene was scanned. A bound WeChat gets a fresh code — template message, else customer
 * service, else right here in the passive reply — and the page that shows the QR is told `code_sent`
 * with the account masked. An unbound WeChat gets a reply saying why nothing was sent. The code is
 * issued and the scene moved in one transaction; WeChat is called only after the commit.
 */
export async function sendCodeFromScan(scene: Scene, openid: string): Promise<string> {
  const { repos, notify, now, config, log } = services();
  const at = now();
  const locale = sceneLocale(scene);
  const binding = await repos.bindings.findByOpenid(openid);
  const owner = binding ? await repos.users.findById(binding.userId) : null;

  let limited = false;
  if (owner && scene.status === 'pending' && scene.expiresAt > at) {
    try {
      await limit(`verify:openid:${openid}`, CODES_PER_OPENID, HOUR);
      await limit(`verify:user:${owner.id}`, CODES_PER_ACCOUNT, HOUR);
    } catch (err) {
      if (!(err instanceof RateLimitedError)) throw err;
      limited = true;
    }
  }

  const outcome = await repos.transaction(async (tx): Promise<Outcome> => {
    const current = (await tx.scenes.get(scene.id)) ?? scene;
    if (current.status === 'code_sent' && current.openid === openid) return { kind: 'repeat' };
    if (current.status !== 'pending') return { kind: 'used' };
    if (current.expiresAt <= at) {
      const expired = await tx.scenes.transition(current.id, ['pending'], { status: 'expired', updatedAt: at });
      return { kind: 'expired', scene: expired ?? current, push: expired !== null };
    }
    if (!owner) {
      const refused = await tx.scenes.transition(current.id, ['pending'], {
        status: 'needs_binding',
        openid,
        updatedAt: at,
      });
      return { kind: 'not_bound', scene: refused ?? current, push: refused !== null };
    }
    if (limited) return { kind: 'limited' };
    const account = maskEmail(owner.email);
    const sent = await tx.scenes.transition(current.id, ['pending'], {
      status: 'code_sent',
      openid,
      userId: owner.id,
      updatedAt: at,
      detail: { ...current.detail, account },
    });
    if (!sent) return { kind: 'used' };
    const { code } = await issueVerificationCode(tx, { userId: owner.id, secret: config.appSecret, now: at });
    return { kind: 'issued', scene: sent, user: owner, code, account };
  });

  switch (outcome.kind) {
    case 'repeat':
      return t(locale, 'verify.reply.again');
    case 'used':
      return t(locale, 'reply.conflict.used');
    case 'limited':
      return t(locale, 'verify.reply.rateLimited');
    case 'expired':
      if (outcome.push) notify.scene(sceneUpdate(outcome.scene, at));
      return t(locale, 'reply.conflict.expired');
    case 'not_bound':
      if (outcome.push) notify.scene(sceneUpdate(outcome.scene, at));
      return t(locale, 'verify.reply.notBound');
    case 'issued': {
      const { user, code, account } = outcome;
      const delivery = await deliverVerificationCode({ openid, code, account, locale, budgetMs: DELIVERY_BUDGET_MS });
      const via = delivery.via ?? 'reply';
      await repos.audit.add({
        at: now(),
        action: 'password_reset.code_sent',
        userId: user.id,
        openid,
        detail: { trigger: 'scan', via, ...(delivery.via ? {} : { failures: delivery.failures }) },
      });
      log.info({ userId: user.id, openid: maskOpenid(openid), via }, 'verification code sent');
      notify.scene(sceneUpdate(outcome.scene, now()));
      // The scan itself opened a reply: the last resort that cannot fail on WeChat's side.
      return delivery.via
        ? t(locale, 'verify.reply.sent', { account, minutes: CODE_TTL_MINUTES })
        : t(locale, 'verify.wechat.code', { code, account, minutes: CODE_TTL_MINUTES });
    }
  }
}
