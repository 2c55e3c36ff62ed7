import type { Database } from '../db/types';

/**
 * How a session was started, as OpenID Connect `amr` values (RFC 8176 where one fits: `pwd`;
 * WeBind's own names for the WeChat methods). The OpenID Provider puts them in the ID token.
 */
export const AMR_VALUES = ['wechat_scan', 'wechat_oauth', 'wechat_code', 'pwd', 'phone_confirm'] as const;
export type Amr = (typeof AMR_VALUES)[number];

/** `acr`: level 2 when two methods proved the user (a scan confirmed on the phone, a scan plus a password). */
export const ACR_VALUES = ['urn:webind:loa:1', 'urn:webind:loa:2'] as const;
export const acrFor = (amr: readonly Amr[]) => (amr.length >= 2 ? ACR_VALUES[1] : ACR_VALUES[0]);

const MODEL = 'WebindSignIn';

/** Where sign-ins are kept: the OpenID Provider's store (one model row per session, expiring with it). */
export type SignInStore = { db: Pick<Database, 'oidc'> };

export interface SignIn {
  amr: Amr[];
  /** Epoch ms when the user authenticated. */
  at: number;
}

/** Remembers how a session (by its token hash) was started, for as long as the session lives. */
export async function recordSignIn(
  { db }: SignInStore,
  tokenHash: string,
  signIn: SignIn,
  expiresAt: number,
): Promise<void> {
  await db.oidc.upsert(MODEL, tokenHash, { ...signIn }, { expiresAt });
}

export async function signInOf({ db }: SignInStore, tokenHash: string): Promise<SignIn | null> {
  const row = await db.oidc.find(MODEL, tokenHash);
  if (!row) return null;
  const amr = Array.isArray(row.payload.amr) ? row.payload.amr.filter((v): v is Amr => AMR_VALUES.includes(v)) : [];
  return { amr, at: typeof row.payload.at === 'number' ? row.payload.at : 0 };
}
