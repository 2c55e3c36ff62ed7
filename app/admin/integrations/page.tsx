import { integrationsOverview } from '@/lib/admin/integrations';
import type { ReactNode } from 'react';
import { type Locale, type MessageKey, t } from '@/lib/i18n';
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
      <TableCard
        id="keys"
        locale={locale}
        testId="api-keys"
        columns={['admin.int.name', 'admin.int.state', 'admin.int.rate', 'admin.int.lastUsed']}
        before={<p className="hint">{t(locale, 'admin.int.keysHint')}</p>}
        after={<CreateKeyForm />}
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
      </TableCard>

      <TableCard
        id="webhooks"
        locale={locale}
        testId="webhook-endpoints"
        columns={['admin.col.id', 'admin.col.url', 'admin.int.events']}
        after={<AddWebhookForm />}
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
      </TableCard>

      <TableCard
        id="deliveries"
        locale={locale}
        testId="webhook-deliveries"
        columns={[
          'admin.int.event',
          'admin.int.endpoint',
          'admin.int.state',
          'admin.int.attempts',
          'admin.int.response',
        ]}
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
      </TableCard>
    </div>
  );
}

/** A card of this page (titled admin.int.<id>): its table, each row with its actions, and what goes above and under it. */
function TableCard(props: {
  id: 'keys' | 'webhooks' | 'deliveries';
  locale: Locale;
  testId: string;
  columns: MessageKey[];
  before?: ReactNode;
  after?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card id={props.id} title={t(props.locale, `admin.int.${props.id}`)} stack>
      {props.before}
      <DataTable testId={props.testId} locale={props.locale} columns={props.columns} actions="admin.int.actions">
        {props.children}
      </DataTable>
      {props.after}
    </Card>
  );
}
