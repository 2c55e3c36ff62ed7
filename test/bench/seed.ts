// Pre-seeds the server's database (a SQLite file, or the PostgreSQL database of the two-instance phase)
// BEFORE the server starts, with the app's own data layer:
// accounts, sessions (the cookie token is kept here, the database gets `hashToken(token)` exactly as
// lib/auth/sessions.ts stores it) and pending bind scenes with their watch tokens (signed with the
// app's own `signWatchToken`). Registering 40k accounts through HTTP would take hours under the
// register limit (20/hour/IP) and scrypt; what the benchmark measures starts after this point.
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../lib/db';
import { hashToken } from '../../lib/auth/sessions';
import { hashPassword } from '../../lib/auth/password';
import { newSceneId } from '../../lib/scene/scene-id';
import { signWatchToken } from '../../lib/scene/watch-token';
import { pool } from './stats';

export interface SeededUser {
  id: number;
  email: string;
  /** Session cookie value (webind_session). */
  sessionToken: string;
}

export interface SeededScene {
  sceneId: string;
  userId: number;
  watchToken: string;
  /** The account the browser is signed in as (its session cookie). */
  sessionToken: string;
  /** The WeChat user who will scan it: one fresh openid per scene, so every scan is a new binding. */
  openid: string;
}

export interface SeedPlan {
  /** Accounts with a session and a pending bind scene (browsers, webhook targets). */
  withScenes: Record<string, number>;
  /** Accounts with a session and no scene (QR creation). */
  withoutScenes: Record<string, number>;
}

export interface Seeded {
  scenes: Record<string, SeededScene[]>;
  users: Record<string, SeededUser[]>;
  millis: number;
}

const BATCH = 2000;

/** `databaseUrl` as DATABASE_URL takes it: `file:…` (SQLite) or `postgres://…`. */
export async function seedDatabase(
  databaseUrl: string,
  appSecret: string,
  plan: SeedPlan,
  ttlSeconds: number,
): Promise<Seeded> {
  const started = performance.now();
  const db = await openDatabase(databaseUrl, { now: Date.now });
  const now = Date.now();
  const expiresAt = now + ttlSeconds * 1000;
  // One real scrypt hash for every seeded account: nobody signs in with a password here.
  const passwordHash = await hashPassword(randomBytes(12).toString('base64url'));
  let serial = 0;

  // SQLite: one transaction at a time. PostgreSQL: a few at once (each on its own pooled connection),
  // since every insert there is a round trip.
  const parallel = db.dialect === 'postgres' ? 4 : 1;
  const batch = db.dialect === 'postgres' ? 500 : BATCH;

  async function makeUsers(
    count: number,
    label: string,
    withScene: boolean,
  ): Promise<Array<SeededUser & { scene?: SeededScene }>> {
    const batches: number[] = [];
    for (let start = 0; start < count; start += batch) batches.push(start);
    const done = await pool(batches, parallel, async (start) => {
      const out: Array<SeededUser & { scene?: SeededScene }> = [];
      const n = Math.min(batch, count - start);
      await db.repos.transaction(async (tx) => {
        for (let i = 0; i < n; i++) {
          const k = serial++;
          const user = await tx.users.create({ email: `bench-${label}-${k}@example.com`, passwordHash, now });
          if (!user) throw new Error('seed: duplicate email');
          const sessionToken = randomBytes(32).toString('base64url');
          await tx.sessions.create({
            tokenHash: hashToken(sessionToken),
            userId: user.id,
            createdAt: now,
            expiresAt: now + 24 * 3600_000,
            userAgent: 'webind-bench',
            ip: '127.0.0.1',
          });
          let scene: SeededScene | undefined;
          if (withScene) {
            // The app's own scene ids (wb_ prefix): the webhook leaves a scene without it to its owner.
            const sceneId = newSceneId();
            await tx.scenes.insert({
              id: sceneId,
              purpose: 'bind',
              status: 'pending',
              userId: user.id,
              openid: null,
              browserKeyHash: null,
              qrContent: `http://weixin.qq.com/q/bench${k}`,
              detail: { locale: 'zh' },
              ip: '127.0.0.1',
              userAgent: 'webind-bench',
              createdAt: now,
              updatedAt: now,
              expiresAt,
            });
            scene = {
              sceneId,
              userId: user.id,
              watchToken: signWatchToken(appSecret, sceneId, expiresAt),
              sessionToken,
              openid: `obench${String(k).padStart(22, '0')}`,
            };
          }
          out.push({ id: user.id, email: user.email ?? '', sessionToken, scene });
        }
      });
      return out;
    });
    return done.flat();
  }

  const seeded: Seeded = { scenes: {}, users: {}, millis: 0 };
  for (const [label, count] of Object.entries(plan.withScenes)) {
    seeded.scenes[label] = (await makeUsers(count, label, true)).map((u) => u.scene!);
  }
  for (const [label, count] of Object.entries(plan.withoutScenes)) {
    seeded.users[label] = (await makeUsers(count, label, false)).map(({ id, email, sessionToken }) => ({
      id,
      email,
      sessionToken,
    }));
  }
  await db.close();
  seeded.millis = performance.now() - started;
  return seeded;
}
