import Link from 'next/link';
import { searchBindings } from '@/lib/admin/search-bindings';
import { t } from '@/lib/i18n';
import { pageLocale, requireAdmin } from '@/lib/http/page-context';
import { services } from '@/lib/services';
import { formatTime } from '../format';
import { ForceUnbindForm } from '../force-unbind-form';
import { DataTable } from '../data-table';
import { Card } from '../card';

export default async function AdminBindingsPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string | string[] }>;
}) {
  const admin = await requireAdmin();
  const locale = await pageLocale();
  const raw = (await searchParams).q;
  const q = typeof raw === 'string' ? raw : '';
  const found = q ? await searchBindings(services(), { admin, query: q }) : null;
  const hits = found?.accounts ?? null;
  const hosts = found?.hosts ?? [];
  return (
    <Card id="bindings" title={t(locale, 'admin.bindings.search')} stack>
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
            {hits.length + hosts.length
              ? t(locale, 'admin.bindings.count', { count: hits.length + hosts.length })
              : t(locale, 'admin.bindings.none')}
          </p>
          {hits.length > 0 && (
            <DataTable
              locale={locale}
              columns={['admin.col.account', 'admin.col.openid', 'admin.col.boundAt', 'admin.col.following']}
            >
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
            </DataTable>
          )}
          {hosts.length > 0 && (
            <div className="stack">
              <h3>{t(locale, 'admin.bindings.hostTitle')}</h3>
              <DataTable
                testId="host-bindings"
                locale={locale}
                columns={['admin.col.externalUserId', 'admin.col.openid', 'admin.col.boundAt', 'admin.col.apiKey']}
              >
                {hosts.map((b) => (
                  <tr key={b.id}>
                    <td className="mono">{b.externalUserId}</td>
                    <td className="mono">{b.openid}</td>
                    <td>{formatTime(locale, b.boundAt)}</td>
                    <td>{b.apiKeyName ?? '–'}</td>
                  </tr>
                ))}
              </DataTable>
              {hosts.map((b) => (
                <ForceUnbindForm key={b.id} url={`/api/admin/host-bindings/${b.id}`} id={b.id} />
              ))}
            </div>
          )}
        </>
      )}
    </Card>
  );
}
