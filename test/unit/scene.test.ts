import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sceneUpdate } from '../../lib/scene/publish';
import { FINAL_STATUSES, isFinal, PUBLIC_SCENE_STATUSES, SCENE_PURPOSES, SCENE_STATUSES } from '../../lib/scene/status';
import { canMove, moveScene, SCENE_TRANSITIONS } from '../../lib/scene/transitions';
import { sceneRow } from '../helpers/scene-row';

const scene = sceneRow;

describe('scene lifecycle', () => {
  it('lets every purpose expire while pending, and only then', () => {
    for (const purpose of SCENE_PURPOSES) {
      assert.ok(canMove(purpose, 'pending', 'expired'), purpose);
      for (const from of SCENE_STATUSES.filter((s) => s !== 'pending')) assert.ok(!canMove(purpose, from, 'expired'));
    }
  });

  it('names only known statuses in the transition table, and no move out of a final bind outcome', () => {
    for (const moves of Object.values(SCENE_TRANSITIONS))
      for (const [from, tos] of Object.entries(moves)) {
        assert.ok((SCENE_STATUSES as readonly string[]).includes(from));
        for (const to of tos) assert.ok((SCENE_STATUSES as readonly string[]).includes(to));
      }
    assert.ok(!canMove('bind', 'bound', 'conflict'));
    assert.ok(!canMove('verify', 'pending', 'login_ready'), 'a verify scene never becomes a login');
    assert.ok(canMove('login', 'needs_binding', 'bound'));
  });

  it('calls the outcomes final and the waiting states not', () => {
    assert.deepEqual([...FINAL_STATUSES].sort(), [
      'bound',
      'cancelled',
      'code_sent',
      'completed',
      'conflict',
      'login_ready',
      'needs_binding',
    ]);
    for (const s of FINAL_STATUSES) assert.ok(isFinal(s), s);
    for (const s of ['pending', 'confirming', 'expired'] as const) assert.ok(!isFinal(s), s);
  });

  it('never shows `completed` to a browser, and shows an overdue pending scene as expired', () => {
    assert.ok(!(PUBLIC_SCENE_STATUSES as readonly string[]).includes('completed'));
    assert.equal(sceneUpdate(scene({ status: 'completed', purpose: 'login' }), 0).status, 'login_ready');
    assert.equal(sceneUpdate(scene(), 999).status, 'pending');
    assert.equal(sceneUpdate(scene(), 1000).status, 'expired');
    assert.deepEqual(sceneUpdate(scene({ status: 'conflict', detail: { reason: 'user_taken' } }), 0), {
      sceneId: 's1',
      status: 'conflict',
      purpose: 'bind',
      expiresAt: 1000,
      reason: 'user_taken',
    });
  });

  it('moveScene writes only moves the table allows, as a compare-and-set from the status read', async () => {
    const calls: unknown[][] = [];
    const tx = {
      scenes: {
        transition: async (...args: unknown[]) => {
          calls.push(args);
          return scene({ status: 'bound' });
        },
      },
    } as unknown as Parameters<typeof moveScene>[0];
    assert.equal(await moveScene(tx, scene({ status: 'bound' }), 'conflict', 5), null);
    assert.equal(calls.length, 0, 'a move outside the table never reaches the database');
    assert.equal((await moveScene(tx, scene(), 'bound', 5, { openid: 'o' }))?.status, 'bound');
    assert.deepEqual(calls, [['s1', ['pending'], { openid: 'o', status: 'bound', updatedAt: 5 }]]);
  });
});
