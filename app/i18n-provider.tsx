'use client';
import { createContext, type ReactNode, useContext, useMemo } from 'react';
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
  const value = useMemo(() => ({ locale, messages }), [locale, messages]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export type Translate = ((key: MessageKey | string, params?: Record<string, string | number>) => string) & {
  locale: Locale;
};

/**
 * `const t = useT(); t('login.title')` — the same keys and `{param}` filling as the server's `t`.
 * The function is stable for a locale, so it can sit in hook dependencies without re-running effects.
 */
export function useT(): Translate {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useT outside I18nProvider');
  const { locale, messages } = ctx;
  return useMemo(() => {
    const translate = (key: MessageKey | string, params: Record<string, string | number> = {}) =>
      ((messages as Record<string, string>)[key] ?? key).replace(/\{(\w+)\}/g, (m, n: string) =>
        n in params ? String(params[n]) : m,
      );
    return Object.assign(translate, { locale });
  }, [locale, messages]);
}
