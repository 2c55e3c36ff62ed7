import Link from 'next/link';
import { searchBindings } from '@/lib/admin/search-bindings';
import { t } from '@/lib/i18n';
import { pageLocale, requireAdmin } from '@/lib/http/page-context';
import { services } from '@/lib/services';
import { formatTime } from '../format';

export default async function AdminBindingsPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string | string[] }>;
}) {
  const admin = await requireAdmin();
  const locale = await pageLocale();
  const raw = (await searchParams).q;
  const q = typeof raw === 'string' ? raw : '';
  const hits = q ? await searchBindings(services(), { admin, query: q }) : null;
  return (
    <section className="card stack" aria-labelledby="bindings-heading">
      <h2 id="bindings-heading">{t(locale, 'admin.bindings.search')}</h2>
      <form method="get" className="filters">
        <label>
          {t(locale, 'admin.bindings.query')}
          <input name="q" defaultValue={q} maxLength={200} aria-describedby="q-hint" />
        </label>
        <button type="submit" className="button primary">
          {t(locale, 'admin.bindings.submit')}
        </button>
      </form>
      <p id="q-hint" className="hint">
        {t(locale, 'admin.bindings.queryHint')}
      </p>
      {hits && (
        <>
          <p aria-live="polite">
            {hits.length ? t(locale, 'admin.bindings.count', { count: hits.length }) : t(locale, 'admin.bindings.none')}
          </p>
          {hits.length > 0 && (
            <div className="table-wrap">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">{t(locale, 'admin.col.account')}</th>
                    <th scope="col">{t(locale, 'admin.col.openid')}</th>
                    <th scope="col">{t(locale, 'admin.col.boundAt')}</th>
                    <th scope="col">{t(locale, 'admin.col.following')}</th>
                  </tr>
                </thead>
                <tbody>
                  {hits.map(({ user, binding }) => (
                    <tr key={user.id}>
                      <td>
                        <Link href={`/admin/bindings/${user.id}`}>{user.email ?? `#${user.id}`}</Link>
                      </td>
                      <td className="mono">{binding?.openid ?? t(locale, 'admin.notBound')}</td>
                      <td>{binding ? formatTime(locale, binding.boundAt) : '–'}</td>
                      <td>{binding ? t(locale, binding.subscribed ? 'admin.yes' : 'admin.no') : '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
