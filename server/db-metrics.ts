import { Gauge, type Registry } from 'prom-client';
import type { Database, DbStats } from '../lib/db';

/**
 * The database's running totals as Prometheus gauges (read at scrape time): commits, statements and
 * round trips since start. Divided by the webhook requests between two scrapes they give the
 * benchmark's "per event" figures; a rising commits-per-event says the group commit stopped grouping.
 */
export function registerDbMetrics(registry: Registry, db: Database): void {
  const gauges: Array<[keyof DbStats, string, string]> = [
    ['commits', 'webind_db_commits', 'Durable commits since start (SQLite WAL commits; PostgreSQL commits).'],
    ['statements', 'webind_db_statements', 'SQL statements run since start, BEGIN/COMMIT included.'],
    ['roundTrips', 'webind_db_round_trips', 'Requests that waited for the database server since start (0 on SQLite).'],
    [
      'notifyRoundTrips',
      'webind_db_notify_round_trips',
      "Statements Socket.IO's PostgreSQL adapter sent for broadcasts since start (batched; 0 on SQLite).",
    ],
  ];
  for (const [key, name, help] of gauges)
    new Gauge({
      name,
      help,
      labelNames: ['dialect'],
      registers: [registry],
      collect() {
        this.set({ dialect: db.dialect }, db.stats()[key]);
      },
    });
}
