import type { Ctx } from '../context';
import type { User } from '../db/types';
import { isRateLimited } from '../errors';
import { t } from '../i18n';
import { maskEmail, maskOpenid } from '../log';
import { limit } from '../rate-limit';
import { claimPendingScene, publishScene, type Scene, sceneLocale } from '../scene';
import { CODE_TTL_MINUTES } from './code';
import { deliverVerificationCode } from './deliver-code';
import { issueVerificationCode } from './issue-code';

const HOUR = 3600_000;
/** Codes per WeChat user and per account in an hour (the email request counts against the account too). */
export const CODES_PER_OPENID = 5;
export const CODES_PER_ACCOUNT = 10;

type Decided =
  | { kind: 'issued'; scene: Scene<'verify'>; user: User; code: string; account: string }
  | { kind: 'not_bound'; scene: Scene<'verify'> }
  | { kind: 'limited' };

/**
 * A `verify` scene was scanned (or its keyword code sent). A bound WeChat gets a fresh code right here in
 * the passive reply (the delivery chain's first choice when answering a push), and the page that shows the QR is told `code_sent`
 * with the account masked. An unbound WeChat gets a reply saying why nothing was sent. The code is
 * issued and the scene moved in one transaction; WeChat is called only after the commit.
 */
export async function sendCodeFromScan(ctx: Ctx, scene: Scene<'verify'>, openid: string): Promise<string> {
  const { repos, now, config, log } = ctx;
  const at = now();
  const locale = sceneLocale(scene);
  const binding = await repos.bindings.findByOpenid(openid);
  const owner = binding ? await repos.users.findById(binding.userId) : null;

  let limited = false;
  if (owner && scene.status === 'pending' && scene.expiresAt > at) {
    try {
      await limit(ctx, `verify:openid:${openid}`, CODES_PER_OPENID, HOUR);
      await limit(ctx, `verify:user:${owner.id}`, CODES_PER_ACCOUNT, HOUR);
    } catch (err) {
      if (!isRateLimited(err)) throw err;
      limited = true;
    }
  }

  const outcome = await claimPendingScene(ctx, { scene, openid, at }, async ({ tx, scene, move }): Promise<Decided> => {
    if (!owner) return { kind: 'not_bound', scene: await move('needs_binding', { openid }) };
    if (limited) return { kind: 'limited' };
    const account = maskEmail(owner.email);
    const sent = await move('code_sent', { openid, userId: owner.id, detail: { ...scene.detail, account } });
    const { code } = await issueVerificationCode(tx, { userId: owner.id, secret: config.appSecret, now: at });
    return { kind: 'issued', scene: sent, user: owner, code, account };
  });

  switch (outcome.kind) {
    case 'repeat':
      return t(locale, outcome.scene.status === 'code_sent' ? 'verify.reply.again' : 'reply.conflict.used');
    case 'used':
      return t(locale, 'reply.conflict.used');
    case 'limited':
      return t(locale, 'verify.reply.rateLimited');
    case 'expired':
      return t(locale, 'reply.conflict.expired');
    case 'not_bound':
      publishScene(ctx, outcome.scene);
      return t(locale, 'verify.reply.notBound');
    case 'issued': {
      const { user, code, account } = outcome;
      // The scan opened a passive reply: the delivery chain's first choice, which cannot fail on WeChat's side.
      const delivery = await deliverVerificationCode(ctx, { openid, code, account, locale, answeringPush: true });
      await repos.audit.add({
        at: now(),
        action: 'password_reset.code_sent',
        userId: user.id,
        openid,
        detail: { trigger: 'scan', via: delivery.via },
      });
      log.info({ userId: user.id, openid: maskOpenid(openid), via: delivery.via }, 'verification code sent');
      publishScene(ctx, outcome.scene);
      return delivery.via === 'reply'
        ? delivery.text
        : t(locale, 'verify.reply.sent', { account, minutes: CODE_TTL_MINUTES });
    }
  }
}
