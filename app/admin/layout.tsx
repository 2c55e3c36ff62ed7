import type { ReactNode } from 'react';
import { t } from '@/lib/i18n';
import { pageLocale, requireAdmin } from '@/lib/http/page-context';
import { AdminNav } from './admin-nav';

/** /admin/*: administrators only; anyone else gets the plain 404 page. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdmin();
  const locale = await pageLocale();
  return (
    <div className="admin stack">
      <h1>{t(locale, 'admin.title')}</h1>
      <AdminNav />
      {children}
    </div>
  );
}
