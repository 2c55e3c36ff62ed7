import { t } from '@/lib/i18n';
import { pageLocale } from '@/lib/http/page-context';
import { services } from '@/lib/services';
import { ForgotPasswordFlow } from './forgot-password-flow';
import { titled } from '../page-title';

export const generateMetadata = titled('title.forgot');

export default async function ForgotPasswordPage() {
  const locale = await pageLocale();
  return (
    <section className="card forgot">
      <h1>{t(locale, 'forgot.title')}</h1>
      <p className="lead">{t(locale, 'forgot.lead')}</p>
      <ForgotPasswordFlow simulator={services().config.simulator} />
    </section>
  );
}
