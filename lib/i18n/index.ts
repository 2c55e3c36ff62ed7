import { admin } from './admin';
import { common } from './common';
import { host } from './host';
import { account } from './account';
import { login } from './login';
import { pages } from './pages';
import { scan } from './scan';
import { simulator } from './simulator';
import { verify } from './verify';
import { oidc } from './oidc';
import { events } from './events';
import { webAuth } from './web-auth';
import { linkReader } from './link-reader';

/**
 * Every visible string, in Chinese (the default) and English. Each feature keeps its strings in its
 * own file as `{ zh: {...}, en: {...} }`; `satisfies Bilingual` makes a key missing in either
 * language a type error.
 */
export const LOCALES = ['zh', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh';
export const LOCALE_COOKIE = 'lang';

const zh = {
  ...common.zh,
  ...account.zh,
  ...scan.zh,
  ...login.zh,
  ...verify.zh,
  ...simulator.zh,
  ...admin.zh,
  ...oidc.zh,
  ...host.zh,
  ...pages.zh,
  ...events.zh,
  ...webAuth.zh,
  ...linkReader.zh,
};
const en = {
  ...common.en,
  ...account.en,
  ...scan.en,
  ...login.en,
  ...verify.en,
  ...simulator.en,
  ...admin.en,
  ...oidc.en,
  ...host.en,
  ...pages.en,
  ...events.en,
  ...webAuth.en,
  ...linkReader.en,
};
export type MessageKey = keyof typeof zh;
export type Messages = Record<MessageKey, string>;
export const messages: Record<Locale, Messages> = { zh, en: en satisfies Messages };

export type { Bilingual } from './bilingual';

/** `t('en', 'bind.bound', { email })` → the English text with `{email}` filled in. */
export function t(locale: Locale, key: MessageKey | string, params: Record<string, string | number> = {}): string {
  const table = messages[locale] as Record<string, string>;
  const text = table[key] ?? messages.zh[key as MessageKey] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** The cookie wins; otherwise English only when the browser prefers it over Chinese. */
export function pickLocale(cookieValue: string | undefined | null, acceptLanguage: string | undefined | null): Locale {
  if (cookieValue === 'zh' || cookieValue === 'en') return cookieValue;
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : DEFAULT_LOCALE;
}
