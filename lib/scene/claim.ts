import type { Repos } from '../db/types';
import type { Notifier } from '../realtime/events';
import { publishScene } from './publish';
import type { Scene, ScenePurpose, SceneStatus } from './status';
import { moveScene, type ScenePatch } from './transitions';

export interface SceneContext {
  repos: Repos;
  notify: Notifier;
  now: () => number;
}

/** A scan that found its scene no longer pending (or gone), or pending past its expiry. */
export type Unclaimed<P extends ScenePurpose> =
  | { kind: 'repeat'; scene: Scene<P> }
  | { kind: 'used' }
  | { kind: 'expired'; scene: Scene<P> };

/** A pending, unexpired scene, re-read inside the transaction, and how to move it. */
export interface Claim<P extends ScenePurpose> {
  tx: Repos;
  scene: Scene<P>;
  at: number;
  /** Moves the scene (checked against the transition table); a lost race rolls the transaction back as `used`. */
  move(to: SceneStatus, patch?: ScenePatch<P>): Promise<Scene<P>>;
}

class LostRace extends Error {}

/**
 * The skeleton every scan handler shares: in one transaction re-read the scene; a scene no longer
 * pending is a `repeat` when this openid moved it (a redelivery: answer like the first time) and
 * `used` otherwise; a pending scene past its expiry moves to `expired`, which is pushed after the
 * commit. Only a pending, unexpired scene reaches `decide`, whose outcome is returned after the
 * commit for the handler to act on (pushes, replies, WeChat calls).
 */
export async function claimPendingScene<P extends ScenePurpose, T extends { kind: string }>(
  ctx: SceneContext,
  { scene, openid, at }: { scene: Scene<P>; openid: string; at: number },
  decide: (claim: Claim<P>) => Promise<T>,
): Promise<T | Unclaimed<P>> {
  let outcome: T | Unclaimed<P>;
  let decided = false;
  try {
    outcome = await ctx.repos.transaction(async (tx): Promise<T | Unclaimed<P>> => {
      const current = (await tx.scenes.get(scene.id)) as Scene<P> | null;
      if (!current) return { kind: 'used' };
      if (current.status !== 'pending')
        return current.openid === openid ? { kind: 'repeat', scene: current } : { kind: 'used' };
      if (current.expiresAt <= at) {
        const expired = await moveScene(tx, current, 'expired', at);
        return expired ? { kind: 'expired', scene: expired } : { kind: 'used' };
      }
      const move = async (to: SceneStatus, patch?: ScenePatch<P>) => {
        const moved = await moveScene(tx, current, to, at, patch);
        if (!moved) throw new LostRace();
        return moved;
      };
      decided = true;
      return decide({ tx, scene: current, at, move });
    });
  } catch (err) {
    if (err instanceof LostRace) return { kind: 'used' };
    throw err;
  }
  if (!decided && outcome.kind === 'expired') publishScene(ctx, (outcome as { scene: Scene<P> }).scene);
  return outcome;
}
