import { cookies, headers } from 'next/headers';
import { isWeChatBrowser } from '../auth/web-auth';
import { services } from '../services';

/** The simulator's phone browser (an iframe: it cannot change its User-Agent) marks itself with this cookie. */
const SIM_INAPP_COOKIE = 'sim_wechat_inapp';

/** For pages: is this request from WeChat's in-app browser (or, with the simulator on, its phone browser)? */
export async function inWeChatBrowser(): Promise<boolean> {
  if (isWeChatBrowser((await headers()).get('user-agent'))) return true;
  return services().config.simulator && (await cookies()).get(SIM_INAPP_COOKIE)?.value === '1';
}

/** A phone's browser that is not WeChat's: it cannot scan its own screen, so the keyword code leads. */
export async function onPhoneOutsideWeChat(): Promise<boolean> {
  const ua = (await headers()).get('user-agent') ?? '';
  return /Mobile|Android|iPhone|iPad/i.test(ua) && !(await inWeChatBrowser());
}
