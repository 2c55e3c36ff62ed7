import { notFound } from 'next/navigation';
import { t } from '@/lib/i18n';
import { pageLocale, requireAdmin } from '@/lib/http/page-context';
import { services } from '@/lib/services';
import { CheckInByEmailForm, CheckinScreen } from './checkin-screen';

/** /admin/events/:id/checkin: the screen at the door (rotating QR) and the staff check-in by e-mail. */
export default async function CheckinPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const locale = await pageLocale();
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const event = await services().repos.events.get(id);
  if (!event) notFound();
  return (
    <div className="stack">
      <section className="card stack">
        <h2>
          {t(locale, 'events.checkin.screen')} · {event.title}
        </h2>
        <CheckinScreen eventId={id} />
      </section>
      <section className="card stack">
        <CheckInByEmailForm eventId={id} />
      </section>
    </div>
  );
}
