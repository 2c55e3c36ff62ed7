import { integrationsOverview } from '@/lib/admin/integrations';
import { t } from '@/lib/i18n';
import { pageLocale, requireAdmin } from '@/lib/http/page-context';
import { services } from '@/lib/services';
import { formatTime } from '../format';
import { AddWebhookForm, CreateKeyForm, ResendButton, RevokeKeyButton, RemoveWebhookButton } from './integration-forms';

/** /admin/integrations: the server API's keys, outgoing webhook endpoints and delivery log. */
export default async function AdminIntegrationsPage() {
  await requireAdmin();
  const locale = await pageLocale();
  const { keys, endpoints, deliveries } = await integrationsOverview(services());
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="keys-heading">
        <h2 id="keys-heading">{t(locale, 'admin.int.keys')}</h2>
        <p className="hint">{t(locale, 'admin.int.keysHint')}</p>
        <div className="table-wrap">
          <table className="data-table" data-testid="api-keys">
            <thead>
              <tr>
                <th scope="col">{t(locale, 'admin.int.name')}</th>
                <th scope="col">{t(locale, 'admin.int.state')}</th>
                <th scope="col">{t(locale, 'admin.int.rate')}</th>
                <th scope="col">{t(locale, 'admin.int.lastUsed')}</th>
                <th scope="col">
                  <span className="sr-only">{t(locale, 'admin.int.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
        <CreateKeyForm />
      </section>

      <section className="card stack" aria-labelledby="webhooks-heading">
        <h2 id="webhooks-heading">{t(locale, 'admin.int.webhooks')}</h2>
        <div className="table-wrap">
          <table className="data-table" data-testid="webhook-endpoints">
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">URL</th>
                <th scope="col">{t(locale, 'admin.int.events')}</th>
                <th scope="col">
                  <span className="sr-only">{t(locale, 'admin.int.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
        <AddWebhookForm />
      </section>

      <section className="card stack" aria-labelledby="deliveries-heading">
        <h2 id="deliveries-heading">{t(locale, 'admin.int.deliveries')}</h2>
        <div className="table-wrap">
          <table className="data-table" data-testid="webhook-deliveries">
            <thead>
              <tr>
                <th scope="col">{t(locale, 'admin.int.event')}</th>
                <th scope="col">{t(locale, 'admin.int.endpoint')}</th>
                <th scope="col">{t(locale, 'admin.int.state')}</th>
                <th scope="col">{t(locale, 'admin.int.attempts')}</th>
                <th scope="col">{t(locale, 'admin.int.response')}</th>
                <th scope="col">
                  <span className="sr-only">{t(locale, 'admin.int.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
