import { Worker } from 'node:worker_threads';

/**
 * Copies the SQLite write-ahead log back into the database file from a thread of its own.
 *
 * SQLite's automatic checkpoint runs inside the COMMIT that crosses its threshold (1,000 WAL pages):
 * that COMMIT copies 4 MB into the database file and syncs it. Measured in the push benchmark (issue 20),
 * one commit in about a hundred took 8–13 ms, where the others take 0.02–0.2 ms, and those stalls held
 * every push and webhook answer queued behind them. Here a worker thread with its own connection runs
 * `wal_checkpoint(PASSIVE)`, which never waits for and never blocks the app's reads and writes
 * (https://www.sqlite.org/c3ref/wal_checkpoint_v2.html), and the app's connection keeps its own automatic
 * checkpoint only as a backstop, at `BACKSTOP_PAGES`. When every frame has been copied, the app's next
 * write starts the log again from its beginning (https://www.sqlite.org/wal.html, "Checkpointing"), so
 * the log stays small while the worker keeps up.
 */
export const BACKSTOP_PAGES = 10_000;

/** How long the worker sleeps when the log was fully copied, and when it was not (new frames keep coming). */
const IDLE_MS = 200;
const BEHIND_MS = 10;

// The worker's source: a plain CommonJS script, so it runs the same under tsx, node and a test runner.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 0');
let timer = null;
let stopped = false;
let lastError = null;
function step() {
  timer = null;
  if (stopped) return;
  let behind = false;
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    behind = r.checkpointed < r.log;
    lastError = null;
    parentPort.postMessage({ frames: r.log, copied: r.checkpointed });
  } catch (err) {
    // Told once until it changes: the app's own automatic checkpoint covers meanwhile.
    const message = String(err && err.message ? err.message : err);
    if (message !== lastError) parentPort.postMessage({ error: message });
    lastError = message;
  }
  timer = setTimeout(step, behind ? workerData.behindMs : workerData.idleMs);
}
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  stopped = true;
  if (timer) clearTimeout(timer);
  db.close();
  parentPort.close();
});
step();
`;

export interface Checkpointer {
  /** Checkpoints the worker ran, and the last one's log size and frames copied. */
  stats(): { runs: number; frames: number; copied: number; errors: number };
  stop(): Promise<void>;
}

/** Starts the checkpointer for `file` (a database file in WAL mode; not `:memory:`). */
export function startCheckpointer(file: string, onError: (message: string) => void): Checkpointer {
  const worker = new Worker(SOURCE, {
    eval: true,
    workerData: { file, driver: require.resolve('better-sqlite3'), idleMs: IDLE_MS, behindMs: BEHIND_MS },
  });
  // It must not keep a process alive that is otherwise done.
  worker.unref();
  const counts = { runs: 0, frames: 0, copied: 0, errors: 0 };
  worker.on('message', (m: { frames: number; copied: number } | { error: string }) => {
    if ('error' in m) {
      counts.errors += 1;
      onError(m.error);
      return;
    }
    counts.runs += 1;
    counts.frames = m.frames;
    counts.copied = m.copied;
  });
  worker.on('error', (err) => onError(err.message));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    stats: () => ({ ...counts }),
    async stop() {
      // Held until it has closed its connection (unref'd, the process could exit with the close pending).
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
