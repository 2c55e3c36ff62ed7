import { cookies, headers } from 'next/headers';
import { isWeChatBrowser, webAuthAvailable } from '../auth/web-auth';
import { services } from '../services';
// The simulator's phone browser (an iframe: it cannot change its User-Agent) marks itself with this cookie.
import { SIM_INAPP_COOKIE } from '../simulator/oauth';

/** For pages: is this request from WeChat's in-app browser (or, with the simulator on, its phone browser)? */
export async function inWeChatBrowser(): Promise<boolean> {
  if (isWeChatBrowser((await headers()).get('user-agent'))) return true;
  return services().config.simulator && (await cookies()).get(SIM_INAPP_COOKIE)?.value === '1';
}

/**
 * How this visitor shows which WeChat they are — the one choice every page asks:
 * - `web-auth`: inside WeChat's browser on an account that has web authorization (a verified service account):
 *   the page sends the browser to WeChat's authorize page (webAuthAvailable);
 * - `keyword`: on a phone, where the screen cannot be scanned: outside WeChat, or inside WeChat on a
 *   subscription account (which WeChat refuses web authorization, 10005): the keyword code leads, with a copy
 *   button, the account's name and its follow QR; a signed link's reader proves it with a keyword code;
 * - `qr`: a computer: the QR leads.
 */
export type WeChatProof = 'web-auth' | 'keyword' | 'qr';

export async function wechatProof(): Promise<WeChatProof> {
  if (await inWeChatBrowser()) return webAuthAvailable(services().config) ? 'web-auth' : 'keyword';
  const ua = (await headers()).get('user-agent') ?? '';
  return /Mobile|Android|iPhone|iPad/i.test(ua) ? 'keyword' : 'qr';
}
