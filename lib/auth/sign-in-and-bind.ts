import type { Ctx } from '../context';
import { z } from 'zod';
import { bindWechat } from '../binding/bind-wechat';
import type { Repos, User } from '../db/types';
import { ConflictError } from '../errors';
import { CredentialsInput, LoginInput } from './input';
import { authenticate } from './login';
import { hashPassword } from './password';

export const SignInAndBindInput = z.discriminatedUnion(
  'mode',
  [
    LoginInput.extend({ mode: z.literal('login') }),
    CredentialsInput.extend({ mode: z.literal('register') }),
    // SIGNUP_WECHAT_ONLY=1: an account with no e-mail or password, known by its WeChat alone.
    z.object({ mode: z.literal('wechat_only') }).strict(),
  ],
  { error: 'invalid_input' },
);

/**
 * Logs in (or registers) and binds `openid`, which the server holds — never the page. `claim` takes the
 * one-time right to bind (the scene's needs_binding state, or a link's nonce) inside the same
 * transaction, so a refused binding leaves the scene, the nonce and the would-be account untouched.
 */
export async function signInAndBind(
  ctx: Pick<Ctx, 'repos' | 'now'>,
  input: z.infer<typeof SignInAndBindInput>,
  opts: { openid: string; ip: string | null; via: string; claim: (tx: Repos) => Promise<void> },
): Promise<User> {
  const { repos, now } = ctx;
  const known = input.mode === 'login' ? await authenticate(ctx, input, opts.ip) : null;
  const passwordHash = input.mode === 'register' ? await hashPassword(input.password) : null;
  const at = now();
  return repos.transaction(async (tx) => {
    await opts.claim(tx);
    let user = known;
    if (!user) {
      user = await tx.users.create({
        email: input.mode === 'register' ? input.email : null,
        passwordHash: input.mode === 'register' ? passwordHash : null,
        now: at,
      });
      if (!user) throw new ConflictError('email_taken');
      await tx.audit.add({
        at,
        action: 'user.registered',
        userId: user.id,
        openid: null,
        detail: { via: opts.via, wechatOnly: input.mode === 'wechat_only' },
      });
    }
    const result = await bindWechat(tx, { userId: user.id, openid: opts.openid, now: at, via: opts.via });
    if (result === 'openid_taken' || result === 'user_taken') throw new ConflictError(result);
    return user;
  });
}
