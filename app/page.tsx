import Link from 'next/link';
import { t } from '@/lib/i18n';
import { pageLocale } from '@/lib/http/page-context';

export default async function HomePage() {
  const locale = await pageLocale();
  return (
    <section className="hero card">
      <h1>{t(locale, 'home.title')}</h1>
      <p className="lead">{t(locale, 'home.lead')}</p>
      <ol className="steps">
        <li>{t(locale, 'home.step1')}</li>
        <li>{t(locale, 'home.step2')}</li>
        <li>{t(locale, 'home.step3')}</li>
      </ol>
      <div className="actions">
        <Link className="button primary" href="/register">
          {t(locale, 'home.start')}
        </Link>
        <Link className="button" href="/login">
          {t(locale, 'home.login')}
        </Link>
      </div>
    </section>
  );
}
