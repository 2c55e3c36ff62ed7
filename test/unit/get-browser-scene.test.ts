import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashBrowserKey, newBrowserKey } from '../../lib/auth/browser-key';
import { getBrowserSceneOrThrow } from '../../lib/auth/get-browser-scene';
import type { Repos } from '../../lib/db/types';
import type { Scene } from '../../lib/scene';
import { sceneRow } from '../helpers/scene-row';

const key = newBrowserKey();
const scene = (over: Partial<Scene> = {}) =>
  sceneRow({
    purpose: 'link',
    status: 'login_ready',
    userId: null,
    openid: 'o1',
    browserKeyHash: hashBrowserKey(key),
    ...over,
  });
const tx = (found: Scene | null) => ({ scenes: { get: async () => found } }) as unknown as Pick<Repos, 'scenes'>;
const codeOf = (err: unknown) => (err as { code: string }).code;

describe('getBrowserSceneOrThrow', () => {
  it('hands back the scene of the purpose this browser showed', async () => {
    const found = await getBrowserSceneOrThrow(tx(scene()), 'link', { sceneId: 's1', browserKey: key });
    assert.equal(found.id, 's1');
  });

  it('refuses a missing scene or one of another purpose as not found', async () => {
    for (const found of [null, scene({ purpose: 'login' })])
      await assert.rejects(getBrowserSceneOrThrow(tx(found), 'link', { sceneId: 's1', browserKey: key }), (err) => {
        return codeOf(err) === 'scene_not_found';
      });
  });

  it("refuses another browser's key, or none, before saying anything about the scene's state", async () => {
    for (const browserKey of [newBrowserKey(), undefined, 'short'])
      await assert.rejects(
        getBrowserSceneOrThrow(tx(scene({ status: 'completed' })), 'link', { sceneId: 's1', browserKey }),
        (err) => codeOf(err) === 'browser_mismatch',
      );
  });

  it('refuses a scene already used', async () => {
    await assert.rejects(
      getBrowserSceneOrThrow(tx(scene({ status: 'completed' })), 'link', { sceneId: 's1', browserKey: key }),
      (err) => codeOf(err) === 'scene_used',
    );
  });
});
