import type { Config } from './config';
import type { Repos } from './db/types';
import type { Logger } from './log';
import type { MetricsSink } from './metrics/recorder';
import type { Notifier } from './realtime/events';
import type { WeChatClient } from './wechat';

/**
 * What a domain verb needs from the process, handed to it as `ctx`: the repositories, the clock, the
 * notifier, the logger, the configuration and the WeChat client. Only transports (routes, socket
 * handlers, the webhook adapter, server wiring) fetch it with `services()`; tests pass their own.
 */
export interface Ctx {
  config: Config;
  repos: Repos;
  log: Logger;
  now: () => number;
  wechat: WeChatClient;
  notify: Notifier;
  /** Run-time counters and timings (GET /metrics and the admin console's charts). */
  metrics: MetricsSink;
}
