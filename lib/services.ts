import type { Config } from './config';
import type { Database, Repos } from './db/types';
import type { Logger } from './log';
import type { Notifier } from './realtime/events';
import type { WeChatClient } from './wechat';

/**
 * The process-wide services, created once by the custom server. `server/` and `app/` are bundled
 * separately, so they meet through globalThis rather than through a module-level variable.
 */
export interface Services {
  config: Config;
  db: Database;
  repos: Repos;
  log: Logger;
  now: () => number;
  wechat: WeChatClient;
  notify: Notifier;
}

const KEY = Symbol.for('webind.services');
type Holder = { [KEY]?: Services };

export function setServices(services: Services | undefined): void {
  (globalThis as Holder)[KEY] = services;
}

export function services(): Services {
  const found = (globalThis as Holder)[KEY];
  if (!found) throw new Error('services are not started: run the app through server/index.ts');
  return found;
}
