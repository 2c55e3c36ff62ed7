import { t } from '@/lib/i18n';
import { pageLocale } from '@/lib/http/page-context';
import { CredentialsForm } from '../credentials-form';
import { titled } from '../page-title';
import { SwitchLink } from '../switch-link';

export const generateMetadata = titled('title.register');

export default async function RegisterPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const locale = await pageLocale();
  return (
    <section className="card narrow">
      <h1>{t(locale, 'register.title')}</h1>
      <CredentialsForm
        endpoint="/api/auth/register"
        submitLabel={t(locale, 'register.submit')}
        next={next}
        newPassword
      />
      <SwitchLink href="/login" next={next}>
        {t(locale, 'register.haveAccount')}
      </SwitchLink>
    </section>
  );
}
