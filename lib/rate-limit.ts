import { RateLimitedError } from './errors';
import { services } from './services';

/** Counts one hit against `key` in a fixed window shared by every instance (it lives in the database). */
export async function limit(key: string, max: number, windowMs: number): Promise<void> {
  const { repos, now } = services();
  const result = await repos.rateLimits.hit(key, max, windowMs, now());
  if (!result.allowed) throw new RateLimitedError('rate_limited', Math.ceil(result.retryAfterMs / 1000));
}
