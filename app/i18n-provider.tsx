'use client';
import { createContext, useContext, type ReactNode } from 'react';
import type { Locale, MessageKey, Messages } from '@/lib/i18n';

const I18nContext = createContext<{ locale: Locale; messages: Messages } | null>(null);

export function I18nProvider({
  locale,
  messages,
  children,
}: {
  locale: Locale;
  messages: Messages;
  children: ReactNode;
}) {
  return <I18nContext.Provider value={{ locale, messages }}>{children}</I18nContext.Provider>;
}

/** `const t = useT(); t('login.title')` — the same keys and `{param}` filling as the server's `t`. */
export function useT() {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useT outside I18nProvider');
  const translate = (key: MessageKey | string, params: Record<string, string | number> = {}) =>
    ((ctx.messages as Record<string, string>)[key] ?? key).replace(/\{(\w+)\}/g, (m, n: string) =>
      n in params ? String(params[n]) : m,
    );
  return Object.assign(translate, { locale: ctx.locale });
}
