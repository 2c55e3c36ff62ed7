import { notFound } from 'next/navigation';
import { eventBoard } from '@/lib/events/board';
import { requireAdmin } from '@/lib/http/page-context';
import { services } from '@/lib/services';
import { LiveBoard } from './live-board';

/** /admin/events/:id/board: the live attendee board for a big screen (issue 19). */
export default async function BoardPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const ctx = services();
  const [event, board] = await Promise.all([ctx.repos.events.get(id), eventBoard(ctx, id)]);
  if (!event || !board) notFound();
  return (
    <section className="card stack">
      <h2>{event.title}</h2>
      <LiveBoard eventId={id} initial={board} />
    </section>
  );
}
