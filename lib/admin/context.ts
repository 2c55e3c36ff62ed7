import type { Ctx } from '../context';
import type { Database } from '../db/types';

/** What the admin verbs need: the domain's ctx and the operations repository. `services()` is one. */
export type AdminCtx = Ctx & { db: Pick<Database, 'ops' | 'ping' | 'dialect'> };
