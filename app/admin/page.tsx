import { t } from '@/lib/i18n';
import { pageLocale } from '@/lib/http/page-context';
import { AdminCharts } from './admin-charts';

export default async function AdminOverviewPage() {
  const locale = await pageLocale();
  return (
    <>
      <p className="lead">{t(locale, 'admin.overview.lead')}</p>
      <AdminCharts />
    </>
  );
}
