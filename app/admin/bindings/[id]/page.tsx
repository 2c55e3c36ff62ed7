import { notFound } from 'next/navigation';
import { userHistory } from '@/lib/admin/user-history';
import { NotFoundError } from '@/lib/errors';
import { t } from '@/lib/i18n';
import { pageLocale, requireAdmin } from '@/lib/http/page-context';
import { services } from '@/lib/services';
import { formatDetail, formatTime } from '../../format';
import { ForceUnbindForm } from '../../force-unbind-form';
import { DataTable } from '../../data-table';
import { Card } from '../../card';

export default async function AdminUserPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requireAdmin();
  const locale = await pageLocale();
  const { id } = await params;
  if (!/^[1-9]\d{0,9}$/.test(id)) notFound();
  let found: Awaited<ReturnType<typeof userHistory>>;
  try {
    found = await userHistory(services(), { admin, userId: Number(id) });
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  const { user, binding, entries } = found;
  return (
    <>
      <Card id="user" title={t(locale, 'admin.history.title', { email: user.email ?? `#${user.id}` })}>
        <dl className="facts">
          <dt>{t(locale, 'admin.col.openid')}</dt>
          <dd className="mono" data-testid="user-openid">
            {binding?.openid ?? t(locale, 'admin.notBound')}
          </dd>
          {binding && (
            <>
              <dt>{t(locale, 'admin.col.boundAt')}</dt>
              <dd>{formatTime(locale, binding.boundAt)}</dd>
              <dt>{t(locale, 'admin.col.following')}</dt>
              <dd>{t(locale, binding.subscribed ? 'admin.yes' : 'admin.no')}</dd>
            </>
          )}
        </dl>
        {binding && <ForceUnbindForm url={`/api/admin/users/${user.id}/binding`} id={`user-${user.id}`} />}
      </Card>
      <Card id="history" title={t(locale, 'admin.history')}>
        <DataTable
          locale={locale}
          columns={['admin.col.time', 'admin.col.action', 'admin.col.detail']}
          empty={<p>{t(locale, 'admin.history.empty')}</p>}
        >
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{formatTime(locale, e.at)}</td>
              <td className="mono">{e.action}</td>
              <td>{formatDetail(e.detail)}</td>
            </tr>
          ))}
        </DataTable>
      </Card>
    </>
  );
}
