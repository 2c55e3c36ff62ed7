import { randomBytes } from 'node:crypto';

/**
 * Every scene_str WeBind puts in a QR starts with this prefix. WeChat pushes the scans of every
 * parametric QR of the account (its channel and permanent QRs too) to the same webhook; a scene without
 * the prefix is someone else's and is left alone (a follow through it still gets the welcome).
 * Documented in the README ("Foreign QR codes").
 */
export const SCENE_PREFIX = 'wb_';

/** `wb_` and 144 random bits in base64url: 27 characters, inside WeChat's 64 for scene_str. */
export function newSceneId(): string {
  return `${SCENE_PREFIX}${randomBytes(18).toString('base64url')}`;
}

/** Whether a scene_str is one of WeBind's (its prefix, then base64url characters only). */
export function isWeBindScene(sceneStr: string): boolean {
  return sceneStr.startsWith(SCENE_PREFIX) && /^[A-Za-z0-9_-]{1,64}$/.test(sceneStr);
}
