import { sign, verifySigned } from '../signing';

/**
 * The link in the WeChat reply to a login scan: it names the scene, the openid that scanned it and the
 * scene's expiry, signed with APP_SECRET (`<sceneId>.<expiresAtMs>.<hmac>`). It works while the scene
 * waits for confirmation, once.
 */
export function signConfirmToken(secret: string, sceneId: string, openid: string, expiresAt: number): string {
  return `${sceneId}.${expiresAt}.${sign(secret, 'confirm', [sceneId, openid, String(expiresAt)])}`;
}

export interface ConfirmToken {
  sceneId: string;
  expiresAt: number;
  mac: string;
}

/** The parts of a confirm token; its signature is checked against the scene's openid by `confirmTokenValid`. */
export function parseConfirmToken(token: unknown): ConfirmToken | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const [sceneId, expires, mac, ...rest] = token.split('.');
  if (rest.length || !sceneId || !mac || !/^\d{1,15}$/.test(expires ?? '')) return null;
  return { sceneId, expiresAt: Number(expires), mac };
}

export function confirmTokenValid(secret: string, token: ConfirmToken, openid: string | null, now: number): boolean {
  return (
    !!openid &&
    token.expiresAt > now &&
    verifySigned(secret, 'confirm', [token.sceneId, openid, String(token.expiresAt)], token.mac)
  );
}
