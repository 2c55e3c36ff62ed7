import { integrationsOverview } from '@/lib/admin/integrations';
import { t } from '@/lib/i18n';
import { pageLocale, requireAdmin } from '@/lib/http/page-context';
import { services } from '@/lib/services';
import { formatTime } from '../format';
import { AddWebhookForm, CreateKeyForm, ResendButton, RevokeKeyButton, RemoveWebhookButton } from './integration-forms';
import { DataTable } from '../data-table';
import { Card } from '../card';

/** /admin/integrations: the server API's keys, outgoing webhook endpoints and delivery log. */
export default async function AdminIntegrationsPage() {
  await requireAdmin();
  const locale = await pageLocale();
  const { keys, endpoints, deliveries } = await integrationsOverview(services());
  return (
    <div className="stack">
      <Card id="keys" title={t(locale, 'admin.int.keys')} stack>
        <p className="hint">{t(locale, 'admin.int.keysHint')}</p>
        <DataTable
          testId="api-keys"
          locale={locale}
          columns={['admin.int.name', 'admin.int.state', 'admin.int.rate', 'admin.int.lastUsed']}
          actions="admin.int.actions"
        >
          {keys.map((key) => (
            <tr key={key.id}>
              <td className="mono">{key.name}</td>
              <td>
                {key.revokedAt
                  ? `${t(locale, 'admin.int.revoked')} ${formatTime(locale, key.revokedAt)}`
                  : t(locale, 'admin.int.live')}
              </td>
              <td>{key.ratePerMinute}</td>
              <td>{key.lastUsedAt ? formatTime(locale, key.lastUsedAt) : '–'}</td>
              <td>{key.revokedAt ? null : <RevokeKeyButton name={key.name} />}</td>
            </tr>
          ))}
        </DataTable>
        <CreateKeyForm />
      </Card>

      <Card id="webhooks" title={t(locale, 'admin.int.webhooks')} stack>
        <DataTable
          testId="webhook-endpoints"
          locale={locale}
          columns={['admin.col.id', 'admin.col.url', 'admin.int.events']}
          actions="admin.int.actions"
        >
          {endpoints.map((e) => (
            <tr key={e.id}>
              <td className="mono">{e.id}</td>
              <td className="mono">{e.url}</td>
              <td>{e.events?.join(', ') ?? t(locale, 'admin.int.allEvents')}</td>
              <td>
                <RemoveWebhookButton id={e.id} />
              </td>
            </tr>
          ))}
        </DataTable>
        <AddWebhookForm />
      </Card>

      <Card id="deliveries" title={t(locale, 'admin.int.deliveries')} stack>
        <DataTable
          testId="webhook-deliveries"
          locale={locale}
          columns={[
            'admin.int.event',
            'admin.int.endpoint',
            'admin.int.state',
            'admin.int.attempts',
            'admin.int.response',
          ]}
          actions="admin.int.actions"
        >
          {deliveries.map((d) => (
            <tr key={d.id}>
              <td>
                <span className="mono">{d.type}</span>
                <br />
                <span className="mono hint">{d.eventId}</span>
              </td>
              <td className="mono">{d.endpointId}</td>
              <td>
                {t(locale, `admin.int.status.${d.status}`)}
                {d.status === 'pending' && d.attempts > 0
                  ? ` (${t(locale, 'admin.int.next')} ${formatTime(locale, d.nextAttemptAt)})`
                  : ''}
              </td>
              <td>{d.attempts}</td>
              <td className="mono">
                {d.lastStatus ?? '–'} {(d.lastResponse ?? '').slice(0, 80)}
              </td>
              <td>
                <ResendButton id={d.id} />
              </td>
            </tr>
          ))}
        </DataTable>
      </Card>
    </div>
  );
}
