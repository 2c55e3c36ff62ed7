import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { messages, t } from '@/lib/i18n';
import { isAdmin } from '@/lib/admin/is-admin';
import { currentUser, pageLocale } from '@/lib/http/page-context';
import { services } from '@/lib/services';
import { I18nProvider } from './i18n-provider';
import { LanguageSwitch } from './language-switch';
import { LogoutButton } from './logout-button';
import './globals.css';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'WeBind', description: '用微信扫一扫，绑定和登录你的账号' };
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await pageLocale();
  const user = await currentUser();
  return (
    <html lang={locale === 'zh' ? 'zh-CN' : 'en'}>
      <body>
        <I18nProvider locale={locale} messages={messages[locale]}>
          <a className="skip-link" href="#main">
            {t(locale, 'skip.toContent')}
          </a>
          <header className="topbar">
            <Link href="/" className="brand">
              <span className="brand-mark" aria-hidden="true">
                W
              </span>{' '}
              {t(locale, 'app.name')}
            </Link>
            <nav aria-label={t(locale, 'nav.label')}>
              {user ? (
                <>
                  <Link href="/settings">{t(locale, 'nav.settings')}</Link>
                  {isAdmin(services().config, user) && <Link href="/admin">{t(locale, 'admin.link')}</Link>}
                  <LogoutButton />
                </>
              ) : (
                <>
                  <Link href="/login">{t(locale, 'nav.login')}</Link>
                  <Link href="/register">{t(locale, 'nav.register')}</Link>
                </>
              )}
              <LanguageSwitch />
            </nav>
          </header>
          <main className="page" id="main" tabIndex={-1}>
            {children}
          </main>
          <footer className="footer">{t(locale, 'footer.text')}</footer>
        </I18nProvider>
      </body>
    </html>
  );
}
