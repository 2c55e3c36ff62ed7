import type { ScenesRepo } from '../db/types';
import type { Scene, ScenePurpose, SceneStatus } from './status';

/**
 * Every move a scene may make, per purpose: `from → to`. Nothing else changes a scene's status
 * (`moveScene` refuses any other move). Every purpose may expire while pending.
 */
export const SCENE_TRANSITIONS = {
  bind: { pending: ['bound', 'conflict', 'expired'] },
  login: {
    pending: ['confirming', 'login_ready', 'needs_binding', 'expired'],
    // An unbound WeChat's scan is confirmed on the phone before the browser may bind it (needs_binding).
    confirming: ['login_ready', 'needs_binding', 'cancelled'],
    login_ready: ['completed'],
    needs_binding: ['bound'],
  },
  verify: { pending: ['code_sent', 'needs_binding', 'expired'] },
  // The check-in flow (events issue) adds its own moves here.
  checkin: { pending: ['expired'] },
  // The code from the link's own WeChat proves the reader (login_ready: this browser may take its proof,
  // once → completed); from another WeChat the link is refused (conflict).
  link: { pending: ['login_ready', 'conflict', 'expired'], login_ready: ['completed'] },
} as const satisfies { [P in ScenePurpose]: Partial<Record<SceneStatus, readonly SceneStatus[]>> };

export function canMove(purpose: ScenePurpose, from: SceneStatus, to: SceneStatus): boolean {
  const moves: Partial<Record<SceneStatus, readonly SceneStatus[]>> = SCENE_TRANSITIONS[purpose];
  return moves[from]?.includes(to) ?? false;
}

/**
 * The table flattened to 'purpose:from>to', one entry per allowed move: what PostgreSQL's one-call scan
 * (drizzle/pg/0009_scan_in_one_call.sql) checks its moves against, so the table stays the one source.
 */
export const ALLOWED_MOVES: readonly string[] = Object.entries(SCENE_TRANSITIONS).flatMap(([purpose, moves]) =>
  Object.entries(moves as Partial<Record<SceneStatus, readonly SceneStatus[]>>).flatMap(([from, tos]) =>
    (tos ?? []).map((to) => `${purpose}:${from}>${to}`),
  ),
);

export type ScenePatch<P extends ScenePurpose = ScenePurpose> = Partial<Pick<Scene<P>, 'openid' | 'userId' | 'detail'>>;

/**
 * Moves `scene` from the status it was read with to `to`, if the table allows it: a compare-and-set,
 * so null when the move is not allowed or another writer moved the scene first.
 */
export async function moveScene<P extends ScenePurpose>(
  tx: { scenes: ScenesRepo },
  scene: Scene<P>,
  to: SceneStatus,
  at: number,
  patch: ScenePatch<P> = {},
): Promise<Scene<P> | null> {
  if (!canMove(scene.purpose, scene.status, to)) return null;
  const moved = await tx.scenes.transition(scene.id, [scene.status], { ...patch, status: to, updatedAt: at });
  return moved as Scene<P> | null;
}
