import type { Binding } from '../db/types';
import { maskOpenid } from '../log';
import type { AccountUpdate } from '../realtime/events';

/** The binding as a browser may see it: openid masked. */
export function bindingView(binding: Binding | null): AccountUpdate['wechat'] {
  return binding
    ? { openid: maskOpenid(binding.openid), boundAt: binding.boundAt, subscribed: binding.subscribed }
    : null;
}
