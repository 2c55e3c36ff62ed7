// GET /api/admin/events/:id/attendees: the attendee list as CSV (sign-up and check-in times).
import { NotFoundError } from '@/lib/errors';
import { attendeesCsv } from '@/lib/events/attendees-csv';
import { withAdmin } from '@/lib/http/route';

export const GET = withAdmin(async ({ req, ctx }) => {
  const id = Number(new URL(req.url).pathname.split('/').at(-2));
  if (!Number.isSafeInteger(id) || id <= 0 || !(await ctx.repos.events.get(id))) throw new NotFoundError('not_found');
  return new Response(attendeesCsv(await ctx.repos.events.attendees(id)), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="event-${id}-attendees.csv"`,
      'cache-control': 'no-store',
    },
  });
});
