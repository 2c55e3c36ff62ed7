import type Provider from 'oidc-provider';
import type { Ctx } from './context';
import type { Database } from './db/types';

/**
 * The process-wide services, created once by the custom server. `server/` and `app/` are bundled
 * separately, so they meet through globalThis rather than through a module-level variable.
 */
export interface Services extends Ctx {
  db: Database;
  /** The OpenID Provider mounted under /oidc (lib/oidc/provider.ts). */
  oidc: Provider | null;
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
