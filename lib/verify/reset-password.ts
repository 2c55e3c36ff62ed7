import type { Ctx } from '../context';
import { z } from 'zod';
import { ValidationError } from '../errors';
import { t, type Locale } from '../i18n';
import { maskEmail, maskOpenid } from '../log';
import { limit } from '../rate-limit';
import { deliverMessage } from '../delivery/deliver-message';
import { EmailSchema, NewPasswordSchema } from '../auth/input';
import { hashPassword } from '../auth/password';
import { CODE_MAX_ATTEMPTS, verificationCodeMatches } from './code';

const SCENE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Either the `verify` scene the code was sent through, or the email it was requested for. */
export const ResetPasswordInput = z
  .object({
    sceneId: z.string({ error: 'invalid_input' }).regex(SCENE_ID, { error: 'invalid_input' }).optional(),
    email: EmailSchema.optional(),
    code: z
      .string({ error: 'code_format' })
      .transform((v) => v.replace(/\s+/g, ''))
      .pipe(z.string().regex(/^\d{6}$/, { error: 'code_format' })),
    password: NewPasswordSchema,
  })
  .refine((v) => (v.sceneId === undefined) !== (v.email === undefined), { error: 'reset_target_required' });

const WINDOW_MS = 15 * 60_000;
export const RESETS_PER_IP = 50;
export const RESETS_PER_TARGET = 20;
/** Compared against when there is no code, so a miss costs what a wrong code costs. */
const NO_CODE_HASH = 'A'.repeat(43);

/**
 * Sets a new password with a code sent to the account's WeChat. Every way a code can be wrong —
 * mistyped, expired, used, dead after five tries, another account's, no account at all — is the same
 * `code_invalid`, so the form cannot be used to learn which emails have codes. The try is counted
 * before the comparison, so parallel guesses cannot exceed the limit. On success, in one transaction:
 * the code is used, the password set (scrypt), every session of the account ended and an audit row
 * written; then the account's WeChat is told.
 */
export async function resetPassword(
  ctx: Ctx,
  {
    input,
    ip,
    locale,
  }: {
    input: z.infer<typeof ResetPasswordInput>;
    ip: string | null;
    locale: Locale;
  },
): Promise<{ userId: number; account: string; sessionsEnded: number }> {
  const { repos, config, now, log } = ctx;
  if (ip) await limit(ctx, `reset:ip:${ip}`, RESETS_PER_IP, WINDOW_MS);
  await limit(
    ctx,
    `reset:${input.sceneId ? `scene:${input.sceneId}` : `email:${input.email}`}`,
    RESETS_PER_TARGET,
    WINDOW_MS,
  );
  const at = now();
  const invalid = () => new ValidationError('code_invalid', undefined, 'code');

  const userId = await findResetTarget(repos, input);
  const active = userId === null ? null : await repos.codes.findActive(userId, at);
  if (userId === null || !active) {
    verificationCodeMatches(config.appSecret, 0, input.code, NO_CODE_HASH);
    throw invalid();
  }
  const tries = await repos.codes.addAttempt(active.id);
  const matches = verificationCodeMatches(config.appSecret, userId, input.code, active.codeHash);
  if (tries > CODE_MAX_ATTEMPTS || !matches) {
    if (tries >= CODE_MAX_ATTEMPTS) await repos.codes.markUsed(active.id, at);
    log.info({ userId, tries }, 'wrong verification code');
    throw invalid();
  }

  const passwordHash = await hashPassword(input.password);
  const binding = await repos.bindings.findByUser(userId);
  const done = await repos.transaction(async (tx) => {
    if (!(await tx.codes.markUsed(active.id, at))) return null;
    const user = await tx.users.findById(userId);
    if (!user) return null;
    await tx.users.setPassword(userId, passwordHash, at);
    const sessionsEnded = await tx.sessions.deleteForUser(userId);
    await tx.audit.add({
      at,
      action: 'password_reset',
      userId,
      openid: binding?.openid ?? null,
      detail: { via: input.sceneId ? 'scan' : 'email', sessionsEnded },
    });
    return { userId, account: maskEmail(user.email), sessionsEnded };
  });
  if (!done) throw invalid();
  log.info({ userId, sessionsEnded: done.sessionsEnded }, 'password reset with a WeChat code');

  if (binding) {
    const { openid } = binding;
    // Through the delivery chain (customer service while a window is open); it must not hold up the answer.
    void deliverMessage(ctx, {
      openid,
      text: t(locale, 'verify.wechat.resetNotice', { account: done.account }),
    }).catch((err: unknown) =>
      log.warn({ openid: maskOpenid(openid), err: (err as Error).message }, 'password reset notice not delivered'),
    );
  }
  return done;
}

async function findResetTarget(repos: Ctx['repos'], input: z.infer<typeof ResetPasswordInput>): Promise<number | null> {
  if (input.sceneId) {
    const scene = await repos.scenes.get(input.sceneId);
    return scene && scene.purpose === 'verify' && scene.status === 'code_sent' ? scene.userId : null;
  }
  return (await repos.users.findByEmail(input.email!))?.id ?? null;
}
