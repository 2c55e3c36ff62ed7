import Link from 'next/link';
import { t } from '@/lib/i18n';
import { pageLocale, requireAdmin } from '@/lib/http/page-context';
import { services } from '@/lib/services';
import { DataTable } from '../data-table';
import { formatTime } from '../format';
import { EventForm } from './event-form';

/** /admin/events: the offline events, and a form for a new one (issue 19). */
export default async function AdminEventsPage() {
  await requireAdmin();
  const locale = await pageLocale();
  const { repos, now } = services();
  const events = await repos.events.list();
  const at = now();
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="events-heading">
        <h2 id="events-heading">{t(locale, 'events.title')}</h2>
        <DataTable
          testId="events"
          locale={locale}
          columns={[
            'events.field.title',
            'events.field.startsAt',
            'events.field.place',
            'events.signedUp',
            'events.checkedIn',
            'events.field.signupDeadline',
          ]}
          empty={<p className="hint">{t(locale, 'events.none')}</p>}
        >
          {events.map((e) => (
            <tr key={e.id}>
              <td>
                <Link href={`/admin/events/${e.id}`}>{e.title}</Link>
              </td>
              <td>{formatTime(locale, e.startsAt)}</td>
              <td>{e.place}</td>
              <td>
                {e.signedUp} / {e.capacity}
              </td>
              <td>{e.checkedIn}</td>
              <td>{t(locale, e.signupDeadline > at ? 'events.open' : 'events.closed')}</td>
            </tr>
          ))}
        </DataTable>
      </section>
      <section className="card stack">
        <EventForm />
      </section>
    </div>
  );
}
