import Link from 'next/link';
import { parseAuditFilter, searchAudit } from '@/lib/admin/search-audit';
import { AppError } from '@/lib/errors';
import { t } from '@/lib/i18n';
import { pageLocale, requireAdmin } from '@/lib/http/page-context';
import { services } from '@/lib/services';
import { formatDetail, formatTime } from '../format';
import { DataTable } from '../data-table';
import { Card } from '../card';

/** Kinds written today; the filter also takes any other action name typed into the URL. */
const KINDS = [
  'user.registered',
  'wechat.bound',
  'wechat.unbound',
  'login.wechat',
  'password_reset',
  'password_reset.code_sent',
  'password_reset.code_undelivered',
  'admin.search',
  'admin.view_user',
  'admin.audit_export',
  'admin.doctor',
];

type Search = Record<string, string | string[] | undefined>;

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireAdmin();
  const locale = await pageLocale();
  const params = await searchParams;
  let error: string | null = null;
  let entries: Awaited<ReturnType<typeof searchAudit>> = [];
  let filter: ReturnType<typeof parseAuditFilter> = {};
  try {
    filter = parseAuditFilter(params);
    entries = await searchAudit(services(), filter);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    error = t(locale, `error.${err.code}`);
  }
  const value = (k: string) => (typeof params[k] === 'string' ? (params[k] as string) : '');
  const query = new URLSearchParams();
  for (const k of ['kind', 'account', 'openid', 'from', 'to']) if (value(k)) query.set(k, value(k));
  const older = new URLSearchParams(query);
  if (entries.length) older.set('before', String(entries[entries.length - 1].id));
  const csv = new URLSearchParams(query);
  csv.set('format', 'csv');
  return (
    <Card id="audit" title={t(locale, 'admin.nav.audit')} stack>
      <form method="get" className="filters">
        <label>
          {t(locale, 'admin.audit.kind')}
          <select name="kind" defaultValue={value('kind')}>
            <option value="">{t(locale, 'admin.audit.anyKind')}</option>
            {[...new Set([...KINDS, ...(filter.kind ? [filter.kind] : [])])].map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t(locale, 'admin.audit.account')}
          <input name="account" type="email" defaultValue={value('account')} maxLength={200} />
        </label>
        <label>
          {t(locale, 'admin.audit.openid')}
          <input name="openid" defaultValue={value('openid')} maxLength={200} />
        </label>
        <label>
          {t(locale, 'admin.audit.from')}
          <input name="from" type="datetime-local" defaultValue={value('from')} />
        </label>
        <label>
          {t(locale, 'admin.audit.to')}
          <input name="to" type="datetime-local" defaultValue={value('to')} />
        </label>
        <button type="submit" className="button primary">
          {t(locale, 'admin.audit.filter')}
        </button>
        <a className="button" href={`/api/admin/audit?${csv}`} download>
          {t(locale, 'admin.audit.export')}
        </a>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!error && entries.length === 0 && <p>{t(locale, 'admin.audit.empty')}</p>}
      {entries.length > 0 && (
        <DataTable
          testId="audit-table"
          locale={locale}
          columns={['admin.col.time', 'admin.col.action', 'admin.col.user', 'admin.col.openid', 'admin.col.detail']}
        >
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{formatTime(locale, e.at)}</td>
              <td className="mono">{e.action}</td>
              <td>{e.userId === null ? '–' : <Link href={`/admin/bindings/${e.userId}`}>#{e.userId}</Link>}</td>
              <td className="mono">{e.openid ?? '–'}</td>
              <td>{formatDetail(e.detail)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {entries.length >= 100 && <Link href={`/admin/audit?${older}`}>{t(locale, 'admin.audit.more')}</Link>}
    </Card>
  );
}
