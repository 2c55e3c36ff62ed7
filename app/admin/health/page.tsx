import { getHealth } from '@/lib/admin/health';
import { t } from '@/lib/i18n';
import { pageLocale, requireAdmin } from '@/lib/http/page-context';
import { services } from '@/lib/services';
import { formatDuration, formatTime } from '../format';
import { DoctorPanel } from './doctor-panel';
import { DataTable } from '../data-table';
import { Card } from '../card';

export default async function AdminHealthPage() {
  await requireAdmin();
  const locale = await pageLocale();
  const { now } = services();
  const health = await getHealth(services());
  const at = now();
  return (
    <>
      <Card id="health" title={t(locale, 'admin.nav.health')}>
        <dl className="facts health-facts">
          <dt>{t(locale, 'admin.health.quota')}</dt>
          <dd data-testid="health-quota">
            {health.quota.ok
              ? t(locale, 'admin.health.quotaValue', {
                  used: health.quota.used,
                  limit: health.quota.dailyLimit,
                  remain: health.quota.remain,
                })
              : t(locale, 'admin.health.quotaError', { error: health.quota.error })}
          </dd>
          <dt>{t(locale, 'admin.health.token')}</dt>
          <dd data-testid="health-token">
            {health.token
              ? t(locale, 'admin.health.tokenAge', {
                  age: formatDuration(locale, at - health.token.refreshedAt),
                  left: formatDuration(locale, health.token.expiresAt - at),
                })
              : t(locale, 'admin.health.tokenNone')}
          </dd>
          <dt>{t(locale, 'admin.health.tokenError')}</dt>
          <dd data-testid="health-token-error">
            {health.tokenError
              ? t(locale, 'admin.health.tokenErrorValue', {
                  time: formatTime(locale, health.tokenError.at),
                  message: `${health.tokenError.errcode ?? ''} ${health.tokenError.message}`.trim(),
                })
              : t(locale, 'admin.health.noError')}
          </dd>
          <dt>{t(locale, 'admin.health.lastWebhook')}</dt>
          <dd data-testid="health-webhook">
            {health.lastWebhook
              ? t(locale, 'admin.health.lastWebhookValue', {
                  age: formatDuration(locale, at - health.lastWebhook.at),
                  kind: health.lastWebhook.kind ?? '–',
                  outcome: health.lastWebhook.outcome,
                  duration: health.lastWebhook.durationMs,
                })
              : t(locale, 'admin.health.never')}
          </dd>
        </dl>
      </Card>
      <Card id="outgoing" title={t(locale, 'admin.health.outgoing')}>
        <DataTable
          testId="outgoing-table"
          locale={locale}
          columns={[
            'admin.health.col.endpoint',
            'admin.health.col.pending',
            'admin.health.col.delivered',
            'admin.health.col.failed',
            'admin.health.col.lastDelivered',
            'admin.health.col.lastFailure',
          ]}
          empty={<p>{t(locale, 'admin.health.outgoingNone')}</p>}
        >
          {health.outgoingWebhooks.map((e) => (
            <tr key={e.id}>
              <td className="mono">{e.url}</td>
              <td>{e.pending}</td>
              <td>{e.delivered}</td>
              <td>{e.failed}</td>
              <td>{e.lastDeliveredAt ? formatTime(locale, e.lastDeliveredAt) : '–'}</td>
              <td>
                {e.lastFailure
                  ? `${formatTime(locale, e.lastFailure.at)} (${e.lastFailure.status ?? t(locale, 'admin.health.noAnswer')})`
                  : '–'}
              </td>
            </tr>
          ))}
        </DataTable>
      </Card>
      <DoctorPanel />
    </>
  );
}
