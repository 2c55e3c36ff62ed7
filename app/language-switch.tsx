'use client';
import { useRouter } from 'next/navigation';
import { useT } from './i18n-provider';

export function LanguageSwitch() {
  const t = useT();
  const router = useRouter();
  const next = t.locale === 'zh' ? 'en' : 'zh';
  return (
    <button
      type="button"
      className="link-button"
      data-testid="language-switch"
      lang={next === 'en' ? 'en' : 'zh-CN'}
      onClick={() => {
        // biome-ignore lint/suspicious/noDocumentCookie: one non-secret preference cookie; the Cookie Store API is not in every browser we serve
        document.cookie = `lang=${next}; path=/; max-age=31536000; samesite=lax`;
        router.refresh();
      }}
    >
      {t('lang.switch')}
    </button>
  );
}
