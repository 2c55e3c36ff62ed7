import { sign, verifySigned } from '../signing';

/**
 * A watch token names one scene and an expiry, signed with APP_SECRET. Only the creator of a scene
 * gets one, so only that browser can watch it. Format: `<sceneId>.<expiresAtMs>.<hmac>`.
 */
export function signWatchToken(secret: string, sceneId: string, expiresAt: number): string {
  return `${sceneId}.${expiresAt}.${sign(secret, 'watch', [sceneId, String(expiresAt)])}`;
}

/** The scene a token names, or null when it is forged, malformed or expired. */
export function verifyWatchToken(secret: string, token: unknown, now: number): string | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [sceneId, expires, mac] = parts;
  if (!/^\d{1,15}$/.test(expires) || !verifySigned(secret, 'watch', [sceneId, expires], mac)) return null;
  return Number(expires) > now ? sceneId : null;
}
