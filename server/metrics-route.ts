import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MetricsRecorder } from '../lib/metrics/recorder';
import { send, sendJson } from './http-util';

/**
 * GET /metrics in Prometheus text format. Off (404) unless METRICS_TOKEN is set; then only with
 * `Authorization: Bearer <token>` (compared in constant time). `refresh` runs first (e.g. the quota gauge).
 */
export function createMetricsRoute(opts: {
  token: string | undefined;
  recorder: MetricsRecorder;
  refresh?: () => Promise<void>;
}) {
  const expected = opts.token ? Buffer.from(`Bearer ${opts.token}`) : null;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!expected) return sendJson(res, 404, { error: { code: 'not_found', message: 'not found' } });
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'method not allowed', { allow: 'GET', 'content-type': 'text/plain' });
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return send(res, 401, 'unauthorized', {
        'www-authenticate': 'Bearer realm="metrics"',
        'content-type': 'text/plain',
      });
    await opts.refresh?.().catch(() => undefined);
    const body = await opts.recorder.registry.metrics();
    send(res, 200, body, { 'content-type': opts.recorder.registry.contentType, 'cache-control': 'no-store' });
  };
}
