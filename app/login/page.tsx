import Link from 'next/link';
import { redirect } from 'next/navigation';
import { t } from '@/lib/i18n';
import { currentUser, pageLocale } from '@/lib/http/page-context';
import { safeNextPath } from '@/lib/http/safe-next';
import { CredentialsForm } from '../credentials-form';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const locale = await pageLocale();
  if (await currentUser()) redirect(safeNextPath(next));
  return (
    <section className="card narrow">
      <h1>{t(locale, 'login.title')}</h1>
      <CredentialsForm endpoint="/api/auth/login" submitLabel={t(locale, 'login.submit')} next={next} />
      <p className="switch-link">
        <Link href={next ? `/register?next=${encodeURIComponent(next)}` : '/register'}>{t(locale, 'login.noAccount')}</Link>
      </p>
    </section>
  );
}
