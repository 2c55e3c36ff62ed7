import type { Metadata } from 'next';
import Link from 'next/link';
import { t } from '@/lib/i18n';
import { pageLocale } from '@/lib/http/page-context';

export async function generateMetadata(): Promise<Metadata> {
  const locale = await pageLocale();
  return { title: `${t(locale, 'title.notFound')} · ${t(locale, 'app.name')}` };
}

/** The 404 page, in the reader's language. */
export default async function NotFound() {
  const locale = await pageLocale();
  return (
    <section className="card narrow center-text" data-testid="not-found">
      <p className="big-code" aria-hidden="true">
        404
      </p>
      <h1>{t(locale, 'notFound.title')}</h1>
      <p className="lead">{t(locale, 'notFound.lead')}</p>
      <Link className="button primary" href="/">
        {t(locale, 'notFound.home')}
      </Link>
    </section>
  );
}
