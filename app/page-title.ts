import type { Metadata } from 'next';
import { type MessageKey, t } from '@/lib/i18n';
import { pageLocale } from '@/lib/http/page-context';

/** `export const generateMetadata = titled('title.login')` — the page's title in the reader's language. */
export function titled(key: MessageKey): () => Promise<Metadata> {
  return async () => {
    const locale = await pageLocale();
    return { title: key === 'title.home' ? t(locale, key) : `${t(locale, key)} · ${t(locale, 'app.name')}` };
  };
}
