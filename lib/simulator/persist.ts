// Keeps the simulator's world (users, follow state, chats, QR codes, tokens) in a JSON file of its own,
// so that a restart of `npm run dev` does not leave the app's bindings pointing at WeChat users that no
// longer exist. Faults, deliveries and API call logs are test instruments and start empty.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { SimQr, SimUser, SimWorld } from './world';

const VERSION = 1;
const SAVE_DELAY_MS = 300;

export interface WorldSnapshot {
  version: number;
  appId: string;
  users: SimUser[];
  qrs: SimQr[];
  tokens: [string, { expiresAt: number; revoked?: 'invalid' | 'expired' }][];
  currentToken: string | null;
  nextEntryId: number;
}

export function snapshotOf(world: SimWorld, appId: string): WorldSnapshot {
  return {
    version: VERSION,
    appId,
    users: [...world.users.values()],
    qrs: [...world.qrs.values()],
    tokens: [...world.tokens.entries()],
    currentToken: world.currentToken,
    nextEntryId: world.entryCounter(),
  };
}

/** Loads a snapshot into an empty world; a file of another account or version is ignored. */
export function restoreWorld(world: SimWorld, appId: string, snap: WorldSnapshot): boolean {
  if (snap?.version !== VERSION || snap.appId !== appId || !Array.isArray(snap.users)) return false;
  for (const user of snap.users) world.users.set(user.openid, user);
  for (const qr of snap.qrs ?? []) world.qrs.set(qr.url, qr);
  for (const [token, state] of snap.tokens ?? []) world.tokens.set(token, state);
  world.currentToken = snap.currentToken ?? null;
  world.entryCounter(snap.nextEntryId);
  return true;
}

/**
 * Restores `world` from `file` (when it exists and is readable) and writes it back shortly after every
 * change; `flush()` writes at once (on shutdown). Writes go to a temporary file renamed over the old one,
 * so a crash mid-write leaves the previous world intact.
 */
export function persistWorld(
  world: SimWorld,
  appId: string,
  file: string,
  log?: { warn(obj: object, msg?: string): void },
): { flush(): void; restored: boolean } {
  let restored = false;
  try {
    restored = restoreWorld(world, appId, JSON.parse(readFileSync(file, 'utf8')) as WorldSnapshot);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      log?.warn({ file, err: (err as Error).message }, 'simulator: could not read its saved world; starting empty');
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  const save = () => {
    timer = null;
    const text = JSON.stringify(snapshotOf(world, appId));
    writing = writing
      .then(() => writeFile(tmp, text, { mode: 0o600 }))
      .then(() => rename(tmp, file))
      .catch((err: Error) => log?.warn({ file, err: err.message }, 'simulator: could not save its world'));
  };
  const schedule = () => {
    timer ??= setTimeout(save, SAVE_DELAY_MS);
    timer.unref?.();
  };
  world.on('change', schedule);
  world.on('entry', schedule);
  return {
    restored,
    flush() {
      if (timer) clearTimeout(timer);
      timer = null;
      try {
        writeFileSync(tmp, JSON.stringify(snapshotOf(world, appId)), { mode: 0o600 });
        renameSync(tmp, file);
      } catch (err) {
        log?.warn({ file, err: (err as Error).message }, 'simulator: could not save its world');
      }
    },
  };
}
