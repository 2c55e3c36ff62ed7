import type { Ctx } from '../context';
import { createHash, randomBytes } from 'node:crypto';
import type { Session, User } from '../db/types';
import { type Amr, recordSignIn, type SignInStore } from './sign-in-methods';

export const SESSION_COOKIE = 'webind_session';
export const SESSION_TTL_MS = 30 * 24 * 3600_000;

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Starts a session; the cookie gets the token, the database only its hash. */
export async function startSession(
  ctx: Pick<Ctx, 'repos' | 'now'> & SignInStore,
  userId: number,
  meta: RequestMeta & { amr?: Amr[] },
): Promise<{ token: string; expiresAt: number }> {
  const { repos } = ctx;
  const token = randomBytes(32).toString('base64url');
  const now = ctx.now();
  const expiresAt = now + SESSION_TTL_MS;
  await repos.sessions.create({
    tokenHash: hashToken(token),
    userId,
    createdAt: now,
    expiresAt,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
    ip: meta.ip,
  });
  // How the user proved who they are, for the OpenID Provider's `amr` (lib/oidc).
  if (meta.amr?.length) await recordSignIn(ctx, hashToken(token), { amr: meta.amr, at: now }, expiresAt);
  return { token, expiresAt };
}

/** The signed-in user for a cookie token, or null for a missing, forged or expired one. */
export async function readSession(
  { repos, now }: Pick<Ctx, 'repos' | 'now'>,
  token: string | undefined | null,
): Promise<{ user: User; session: Session } | null> {
  if (!token || token.length > 100) return null;
  const session = await repos.sessions.find(hashToken(token));
  if (!session || session.expiresAt <= now()) return null;
  const user = await repos.users.findById(session.userId);
  return user ? { user, session } : null;
}

export async function endSession({ repos }: Pick<Ctx, 'repos'>, token: string | undefined | null): Promise<void> {
  if (token) await repos.sessions.delete(hashToken(token));
}
