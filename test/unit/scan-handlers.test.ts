import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SCAN_HANDLERS, type ScanHandlers } from '../../lib/scan/handle-scan-event';
import { SCENE_PURPOSES } from '../../lib/scene/status';

describe('scan handlers', () => {
  it('registers a handler for every scene purpose, and nothing else', () => {
    assert.deepEqual(Object.keys(SCAN_HANDLERS).sort(), [...SCENE_PURPOSES].sort());
    for (const purpose of SCENE_PURPOSES) assert.equal(typeof SCAN_HANDLERS[purpose], 'function', purpose);
  });

  it('refuses, at type-check time, a table that leaves a purpose out', () => {
    const { checkin: _left, ...rest } = SCAN_HANDLERS;
    // @ts-expect-error a purpose without its handler (npm run typecheck fails if this stops being an error)
    const missing: ScanHandlers = rest;
    assert.equal(Object.keys(missing).length, SCENE_PURPOSES.length - 1);
  });
});
