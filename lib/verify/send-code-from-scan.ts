import type { Ctx } from '../context';
import { isRateLimited } from '../errors';
import { t } from '../i18n';
import { maskEmail, maskOpenid } from '../log';
import { limit } from '../rate-limit';
import { ALLOWED_MOVES, claimPendingScene, publishScene, type Scene, sceneLocale, type Unclaimed } from '../scene';
import { CODE_TTL_MINUTES } from './code';
import { deliverVerificationCode } from './deliver-code';
import { issueVerificationCode, newCodeFor } from './issue-code';

const HOUR = 3600_000;
/** Codes per WeChat user and per account in an hour (the email request counts against the account too). */
export const CODES_PER_OPENID = 5;
export const CODES_PER_ACCOUNT = 10;

type Decided =
  | { kind: 'issued'; scene: Scene<'verify'>; userId: number; code: string; account: string }
  | { kind: 'not_bound'; scene: Scene<'verify'> }
  | { kind: 'limited' };
type VerifyScanOutcome = Decided | Unclaimed<'verify'>;

/** The two hourly limits a scan's code counts against. */
const limitKeys = (openid: string, userId: number) => ({
  openidKey: `verify:openid:${openid}`,
  userKey: `verify:user:${userId}`,
});

/**
 * A `verify` scene was scanned (or its keyword code sent). A bound WeChat gets a fresh code right here in
 * the passive reply (the delivery chain's first choice when answering a push), and the page that shows the QR is told `code_sent`
 * with the account masked. An unbound WeChat gets a reply saying why nothing was sent. The code is
 * issued and the scene moved in one transaction; WeChat is called only after the commit.
 */
export async function sendCodeFromScan(ctx: Ctx, scene: Scene<'verify'>, openid: string): Promise<string> {
  const { repos, now, config } = ctx;
  const at = now();
  const binding = await repos.bindings.findByOpenid(openid);
  const owner = binding ? await repos.users.findById(binding.userId) : null;

  let limited = false;
  if (owner && scene.status === 'pending' && scene.expiresAt > at) {
    try {
      const { openidKey, userKey } = limitKeys(openid, owner.id);
      await limit(ctx, openidKey, CODES_PER_OPENID, HOUR);
      await limit(ctx, userKey, CODES_PER_ACCOUNT, HOUR);
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
    return { kind: 'issued', scene: sent, userId: owner.id, code, account };
  });
  return answerVerifyScan(ctx, scene, openid, outcome);
}

/**
 * PostgreSQL (`repos.scanCall`): the same decision in one call, after webind_scan read the scene and
 * the scanning openid's account (`owner`); the code is made here, where APP_SECRET is, and the database
 * stores its hash (drizzle/pg/0010_verify_in_one_call.sql).
 */
export async function sendCodeInOneCall(
  ctx: Ctx,
  scene: Scene<'verify'>,
  openid: string,
  owner: { id: number; email: string | null } | null,
  lockTimeoutMs: number | null,
): Promise<string> {
  const { repos, now, config } = ctx;
  if (!repos.scanCall) throw new Error('sendCodeInOneCall needs PostgreSQL (repos.scanCall)');
  const at = now();
  const account = owner ? maskEmail(owner.email) : '';
  const fresh = newCodeFor({ userId: owner?.id ?? 0, secret: config.appSecret, now: at });
  const r = await repos.scanCall.verify({
    now: at,
    openid,
    sceneId: scene.id,
    moves: ALLOWED_MOVES,
    owner: owner && { id: owner.id, account },
    checkLimits: scene.status === 'pending' && scene.expiresAt > at,
    limits: {
      ...limitKeys(openid, owner?.id ?? 0),
      openidMax: CODES_PER_OPENID,
      userMax: CODES_PER_ACCOUNT,
      windowEndsAt: at + HOUR,
    },
    code: { hash: fresh.codeHash, expiresAt: fresh.expiresAt },
    lockTimeoutMs,
  });
  const moved = r.moved as Scene<'verify'>;
  let outcome: VerifyScanOutcome;
  switch (r.kind) {
    case 'repeat':
      outcome = { kind: 'repeat', scene: r.scene as Scene<'verify'> };
      break;
    case 'expired':
      // claimPendingScene pushes an expiry it made after the commit.
      publishScene(ctx, moved);
      outcome = { kind: 'expired', scene: moved };
      break;
    case 'not_bound':
      outcome = { kind: 'not_bound', scene: moved };
      break;
    case 'limited':
      outcome = { kind: 'limited' };
      break;
    case 'issued':
      outcome = { kind: 'issued', scene: moved, userId: owner?.id ?? 0, code: fresh.code, account };
      break;
    default:
      outcome = { kind: 'used' };
  }
  return answerVerifyScan(ctx, scene, openid, outcome);
}

/** After the commit: deliver the code (the passive reply), audit, tell the page, and the reply. */
async function answerVerifyScan(
  ctx: Ctx,
  scene: Scene<'verify'>,
  openid: string,
  outcome: VerifyScanOutcome,
): Promise<string> {
  const { repos, now, log } = ctx;
  const locale = sceneLocale(scene);
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
      const { userId, code, account } = outcome;
      // The scan opened a passive reply: the delivery chain's first choice, which cannot fail on WeChat's side.
      const delivery = await deliverVerificationCode(ctx, { openid, code, account, locale, answeringPush: true });
      await repos.audit.add({
        at: now(),
        action: 'password_reset.code_sent',
        userId,
        openid,
        detail: { trigger: 'scan', via: delivery.via },
      });
      log.info({ userId, openid: maskOpenid(openid), via: delivery.via }, 'verification code sent');
      publishScene(ctx, outcome.scene);
      return delivery.via === 'reply'
        ? delivery.text
        : t(locale, 'verify.reply.sent', { account, minutes: CODE_TTL_MINUTES });
    }
  }
}
