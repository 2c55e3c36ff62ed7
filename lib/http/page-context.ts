import { cookies, headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { isAdmin } from '../admin/is-admin';
import { readSession, SESSION_COOKIE } from '../auth/sessions';
import { LOCALE_COOKIE, pickLocale, type Locale } from '../i18n';
import type { User } from '../db/types';
import { services } from '../services';

/** For server components: the page's language (cookie, then Accept-Language, then Chinese). */
export async function pageLocale(): Promise<Locale> {
  const [c, h] = await Promise.all([cookies(), headers()]);
  return pickLocale(c.get(LOCALE_COOKIE)?.value, h.get('accept-language'));
}

export async function currentUser(): Promise<User | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return (await readSession(services(), token))?.user ?? null;
}

/** The signed-in user, or a redirect to /login that comes back here afterwards. */
export async function requireUser(returnTo: string): Promise<User> {
  const user = await currentUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  return user;
}

/** The signed-in administrator; anyone else (signed in or not) gets a plain 404, so the console is not advertised. */
export async function requireAdmin(): Promise<User> {
  const user = await currentUser();
  if (!user || !isAdmin(services().config, user)) notFound();
  return user;
}
