// The operations repository (admin console, metrics, health): written once in plain SQL that SQLite and
// PostgreSQL both accept; each dialect hands in a two-function kit (run a statement, read rows).
import type { AuditEntry, Binding, User } from './types';

export interface SqlKit {
  /** `?` placeholders; the PostgreSQL kit numbers them. */
  run(sql: string, params: unknown[]): Promise<void>;
  all<T = Record<string, unknown>>(sql: string, params: unknown[]): Promise<T[]>;
}

export interface MinuteRow {
  minute: number;
  instance: string;
  data: Record<string, number>;
}

export interface AuditQuery {
  action?: string;
  userId?: number;
  openid?: string;
  from?: number;
  to?: number;
  /** Newest first; rows with an id below this (for paging). */
  beforeId?: number;
  limit: number;
}

export interface BindingSearchHit {
  user: User;
  binding: Binding | null;
}

/** One outgoing-webhook endpoint's deliveries, as the health page shows them. */
export interface EndpointDeliveryState {
  id: string;
  url: string;
  pending: number;
  delivered: number;
  failed: number;
  lastDeliveredAt: number | null;
  /** The HTTP status of the newest attempt that did not succeed (null: no answer came). */
  lastFailure: { at: number; status: number | null } | null;
}

export interface OpsRepo {
  saveMinute(row: MinuteRow): Promise<void>;
  minutesSince(since: number): Promise<MinuteRow[]>;
  /** Removes chart points older than `before`. */
  pruneMinutes(before: number): Promise<void>;
  setState(key: string, value: unknown, now: number): Promise<void>;
  getState<T>(key: string): Promise<{ value: T; updatedAt: number } | null>;
  searchAudit(q: AuditQuery): Promise<AuditEntry[]>;
  /** Accounts whose e-mail contains `text`, or whose bound openid is exactly `text`. */
  searchBindings(text: string, limit: number): Promise<BindingSearchHit[]>;
  deliveryState(): Promise<EndpointDeliveryState[]>;
}

const num = (v: unknown) => (typeof v === 'string' ? Number(v) : (v as number));
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

export function opsRepo(kit: SqlKit): OpsRepo {
  return {
    saveMinute: (row) =>
      kit.run(
        'insert into metric_minutes (minute, instance, data) values (?, ?, ?) ' +
          'on conflict (minute, instance) do update set data = excluded.data',
        [row.minute, row.instance, JSON.stringify(row.data)],
      ),
    minutesSince: async (since) =>
      (
        await kit.all<{ minute: unknown; instance: string; data: unknown }>(
          'select minute, instance, data from metric_minutes where minute >= ? order by minute',
          [since],
        )
      ).map((r) => ({ minute: num(r.minute), instance: r.instance, data: json<Record<string, number>>(r.data) })),
    pruneMinutes: (before) => kit.run('delete from metric_minutes where minute < ?', [before]),
    setState: (key, value, now) =>
      kit.run(
        'insert into ops_state (key, value, updated_at) values (?, ?, ?) ' +
          'on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at',
        [key, JSON.stringify(value), now],
      ),
    getState: async <T>(key: string) => {
      const [row] = await kit.all<{ value: unknown; updated_at: unknown }>(
        'select value, updated_at from ops_state where key = ?',
        [key],
      );
      return row ? { value: json<T>(row.value), updatedAt: num(row.updated_at) } : null;
    },
    searchAudit: async (q) => {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (clause: string, value: unknown) => {
        where.push(clause);
        params.push(value);
      };
      if (q.action) add('action = ?', q.action);
      if (q.userId !== undefined) add('user_id = ?', q.userId);
      if (q.openid) add('openid = ?', q.openid);
      if (q.from !== undefined) add('at >= ?', q.from);
      if (q.to !== undefined) add('at < ?', q.to);
      if (q.beforeId !== undefined) add('id < ?', q.beforeId);
      params.push(q.limit);
      const rows = await kit.all<Record<string, unknown>>(
        `select id, at, action, user_id, openid, detail from audit_log ${where.length ? `where ${where.join(' and ')}` : ''} order by id desc limit ?`,
        params,
      );
      return rows.map((r) => ({
        id: num(r.id),
        at: num(r.at),
        action: String(r.action),
        userId: r.user_id === null ? null : num(r.user_id),
        openid: (r.openid as string | null) ?? null,
        detail: r.detail === null ? null : json<Record<string, unknown>>(r.detail),
      }));
    },
    searchBindings: async (text, limit) => {
      // LIKE's wildcards in the search text are matched literally.
      const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const rows = await kit.all<Record<string, unknown>>(
        'select u.id, u.email, u.created_at, u.password_changed_at, b.openid, b.bound_at, b.subscribed, ' +
          'b.subscribed_changed_at from users u left join wechat_bindings b on b.user_id = u.id ' +
          "where u.email like ? escape '\\' or b.openid = ? order by u.id limit ?",
        [pattern, text, limit],
      );
      return rows.map((r) => ({
        user: {
          id: num(r.id),
          email: String(r.email),
          createdAt: num(r.created_at),
          passwordChangedAt: num(r.password_changed_at),
        },
        binding:
          r.openid === null || r.openid === undefined
            ? null
            : {
                userId: num(r.id),
                openid: String(r.openid),
                boundAt: num(r.bound_at),
                subscribed: r.subscribed === true || r.subscribed === 1,
                subscribedChangedAt: r.subscribed_changed_at === null ? null : num(r.subscribed_changed_at),
              },
      }));
    },
    deliveryState: async () => {
      const rows = await kit.all<Record<string, unknown>>(
        'select e.id, e.url, ' +
          "sum(case when d.status = 'pending' then 1 else 0 end) as pending, " +
          "sum(case when d.status = 'delivered' then 1 else 0 end) as delivered, " +
          "sum(case when d.status = 'failed' then 1 else 0 end) as failed, " +
          'max(d.delivered_at) as last_delivered_at ' +
          'from webhook_endpoints e left join webhook_deliveries d on d.endpoint_id = e.id ' +
          'group by e.id, e.url, e.created_at order by e.created_at',
        [],
      );
      const failures = await kit.all<Record<string, unknown>>(
        'select d.endpoint_id, a.at, a.status from webhook_attempts a join webhook_deliveries d on d.id = a.delivery_id ' +
          'where a.status is null or a.status < 200 or a.status >= 300 order by a.at desc limit 200',
        [],
      );
      return rows.map((r) => {
        const failure = failures.find((f) => f.endpoint_id === r.id);
        return {
          id: String(r.id),
          url: String(r.url),
          pending: num(r.pending ?? 0),
          delivered: num(r.delivered ?? 0),
          failed: num(r.failed ?? 0),
          lastDeliveredAt: r.last_delivered_at === null ? null : num(r.last_delivered_at),
          lastFailure: failure
            ? { at: num(failure.at), status: failure.status === null ? null : num(failure.status) }
            : null,
        };
      });
    },
  };
}

/** `?` → `$1, $2 …` for PostgreSQL (the statements above carry no `?` inside literals). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
