import type { Attendee } from '../db/types';

/** A CSV field: quoted when needed, and a leading =,+,-,@ defused so a spreadsheet never runs it. */
function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const iso = (ms: number | null) => (ms == null ? '' : new Date(ms).toISOString());

/** attendeesCsv(rows): RFC 4180 lines (CRLF), a header first, for the admin's export. */
export function attendeesCsv(rows: Attendee[]): string {
  const lines = [['user_id', 'email', 'signed_up_at', 'walk_in', 'checked_in_at', 'arrival']];
  for (const r of rows)
    lines.push([
      String(r.userId),
      r.email ?? '',
      iso(r.signedUpAt),
      r.walkIn ? 'yes' : 'no',
      iso(r.checkedInAt),
      r.arrival == null ? '' : String(r.arrival),
    ]);
  return `${lines.map((l) => l.map(field).join(',')).join('\r\n')}\r\n`;
}
