import { getHealth } from '@/lib/admin/health';
import { Fragment } from 'react';
import { type MessageKey, t } from '@/lib/i18n';
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
  const { quota, token, tokenError, lastWebhook } = health;
  const facts: [MessageKey, string, string][] = [
    [
      'admin.health.quota',
      'health-quota',
      quota.ok
        ? t(locale, 'admin.health.quotaValue', { used: quota.used, limit: quota.dailyLimit, remain: quota.remain })
        : t(locale, 'admin.health.quotaError', { error: quota.error }),
    ],
    [
      'admin.health.token',
      'health-token',
      token
        ? t(locale, 'admin.health.tokenAge', {
            age: formatDuration(locale, at - token.refreshedAt),
            left: formatDuration(locale, token.expiresAt - at),
          })
        : t(locale, 'admin.health.tokenNone'),
    ],
    [
      'admin.health.tokenError',
      'health-token-error',
      tokenError
        ? t(locale, 'admin.health.tokenErrorValue', {
            time: formatTime(locale, tokenError.at),
            message: `${tokenError.errcode ?? ''} ${tokenError.message}`.trim(),
          })
        : t(locale, 'admin.health.noError'),
    ],
    [
      'admin.health.lastWebhook',
      'health-webhook',
      lastWebhook
        ? t(locale, 'admin.health.lastWebhookValue', {
            age: formatDuration(locale, at - lastWebhook.at),
            kind: lastWebhook.kind ?? '–',
            outcome: lastWebhook.outcome,
            duration: lastWebhook.durationMs,
          })
        : t(locale, 'admin.health.never'),
    ],
  ];
  return (
    <>
      <Card id="health" title={t(locale, 'admin.nav.health')}>
        <dl className="facts health-facts">
          {facts.map(([label, testId, value]) => (
            <Fragment key={testId}>
              <dt>{t(locale, label)}</dt>
              <dd data-testid={testId}>{value}</dd>
            </Fragment>
          ))}
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
