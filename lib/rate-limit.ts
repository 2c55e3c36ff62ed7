import type { Ctx } from './context';
import { RateLimitedError } from './errors';

/** Counts one hit against `key` in a fixed window shared by every instance (it lives in the database). */
export async function limit(
  { repos, now }: Pick<Ctx, 'repos' | 'now'>,
  key: string,
  max: number,
  windowMs: number,
): Promise<void> {
  const result = await repos.rateLimits.hit(key, max, windowMs, now());
  if (!result.allowed) throw new RateLimitedError('rate_limited', Math.ceil(result.retryAfterMs / 1000));
}
