import { z } from 'zod';
import type { AuditEntry, User } from '../db/types';
import { ValidationError } from '../errors';
import type { AdminCtx } from './context';
import { recordAdminAction } from './record-admin-action';

export const AUDIT_PAGE = 100;
/** A CSV export is capped; narrow the filters for more. */
export const AUDIT_EXPORT_MAX = 10_000;

const time = z
  .string()
  .trim()
  .max(40)
  .transform((v, ctx) => {
    if (v === '') return undefined;
    const ms = /^\d{10,15}$/.test(v) ? Number(v) : Date.parse(v);
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: 'custom', message: 'invalid_time' });
      return z.NEVER;
    }
    return ms;
  });
const text = z
  .string()
  .trim()
  .max(200)
  .transform((v) => (v === '' ? undefined : v));

/** The audit log's filters, as they come from a query string (every field optional). */
export const AuditFilterInput = z.object({
  kind: text.optional(),
  account: text.optional(),
  openid: text.optional(),
  from: time.optional(),
  to: time.optional(),
  before: z.coerce.number().int().positive().optional(),
});
export type AuditFilter = z.infer<typeof AuditFilterInput>;

export function parseAuditFilter(params: URLSearchParams | Record<string, string | string[] | undefined>): AuditFilter {
  const raw: Record<string, string> = {};
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [k, v] of entries) if (typeof v === 'string') raw[k] = v;
  const parsed = AuditFilterInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(
      issue.message === 'invalid_time' ? 'invalid_time' : 'invalid_input',
      undefined,
      issue.path.join('.'),
    );
  }
  return parsed.data;
}

/** Rows matching the filters, newest first; `account` is an e-mail (an unknown one matches nothing). */
export async function searchAudit(ctx: AdminCtx, filter: AuditFilter, limit = AUDIT_PAGE): Promise<AuditEntry[]> {
  const { repos, db } = ctx;
  let userId: number | undefined;
  if (filter.account) {
    const user = await repos.users.findByEmail(filter.account.normalize('NFKC').toLowerCase());
    if (!user) return [];
    userId = user.id;
  }
  return db.ops.searchAudit({
    action: filter.kind,
    userId,
    openid: filter.openid,
    from: filter.from,
    to: filter.to,
    beforeId: filter.before,
    limit,
  });
}

/** The filtered log as CSV (RFC 4180), audited as an export by `admin`. */
export async function exportAuditCsv(ctx: AdminCtx, admin: User, filter: AuditFilter): Promise<string> {
  const rows = await searchAudit(ctx, filter, AUDIT_EXPORT_MAX);
  await recordAdminAction(ctx, admin, 'audit_export', { filter: { ...filter }, rows: rows.length });
  const lines = [['id', 'time', 'action', 'user_id', 'openid', 'detail']];
  for (const r of rows)
    lines.push([
      String(r.id),
      new Date(r.at).toISOString(),
      r.action,
      r.userId === null ? '' : String(r.userId),
      r.openid ?? '',
      r.detail ? JSON.stringify(r.detail) : '',
    ]);
  return `${lines.map((cols) => cols.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** Quotes a cell; a leading = + - @ is defused so a spreadsheet does not run it as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
