import { notFound } from 'next/navigation';
import { t } from '@/lib/i18n';
import { pageLocale, requireAdmin } from '@/lib/http/page-context';
import { services } from '@/lib/services';
import { DataTable } from '../../data-table';
import { formatTime } from '../../format';
import { EventForm } from '../event-form';

/** /admin/events/:id: edit the event; its attendees with sign-up and check-in times; CSV export. */
export default async function AdminEventPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const locale = await pageLocale();
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const { repos } = services();
  const event = await repos.events.get(id);
  if (!event) notFound();
  const attendees = await repos.events.attendees(id);
  return (
    <div className="stack">
      <section className="card stack">
        <h2>{event.title}</h2>
        <p data-testid="event-counts">
          {t(locale, 'events.signedUp')} {event.signedUp} / {event.capacity} · {t(locale, 'events.checkedIn')}{' '}
          {event.checkedIn}
        </p>
      </section>
      <section className="card stack" aria-labelledby="attendees-heading">
        <h2 id="attendees-heading">{t(locale, 'events.attendees')}</h2>
        <p>
          <a className="button" href={`/api/admin/events/${id}/attendees`} download>
            {t(locale, 'events.exportCsv')}
          </a>{' '}
          <a className="button" href={`/admin/events/${id}/checkin`}>
            {t(locale, 'events.checkin.screen')}
          </a>{' '}
          <a className="button" href={`/admin/events/${id}/board`}>
            {t(locale, 'events.board')}
          </a>
        </p>
        <DataTable
          testId="attendees"
          locale={locale}
          columns={['events.email', 'events.signedUpAt', 'events.checkedInAt', 'events.arrival']}
          empty={<p className="hint">{t(locale, 'events.noAttendees')}</p>}
        >
          {attendees.map((a) => (
            <tr key={a.userId}>
              <td>{a.email ?? `#${a.userId}`}</td>
              <td>{a.walkIn ? t(locale, 'events.walkIn') : formatTime(locale, a.signedUpAt)}</td>
              <td>{a.checkedInAt ? formatTime(locale, a.checkedInAt) : '–'}</td>
              <td>{a.arrival ?? '–'}</td>
            </tr>
          ))}
        </DataTable>
      </section>
      <section className="card stack">
        <EventForm event={event} />
      </section>
    </div>
  );
}
