import type { Logger } from '../lib/log';
import type { RelayFn } from '../lib/wechat';

const MAX_REPLY_BYTES = 64 * 1024;

/**
 * WECHAT_RELAY_URL: the site's existing WeChat server. A push that is not WeBind's is POSTed there
 * with WeChat's original query string and body, unchanged, so that server's own signature (and, in
 * safe mode, msg_signature and decryption) check passes as if WeChat had called it. Its body is the
 * passive reply; anything but a 2xx answer counts as none.
 */
export function createRelay(relayUrl: string, log: Logger): RelayFn {
  const base = new URL(relayUrl);
  return async ({ rawQuery, rawBody }, signal) => {
    const target = new URL(base);
    // WeChat's query replaces any query of the configured URL: the signature covers exactly these.
    target.search = rawQuery;
    const started = Date.now();
    try {
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', 'user-agent': 'WeBind-Relay/1' },
        body: rawBody,
        redirect: 'manual',
        signal,
      });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status < 200 || res.status >= 300) {
        log.warn({ status: res.status, ms: Date.now() - started }, 'relay target refused the push');
        return null;
      }
      if (body.length > MAX_REPLY_BYTES) {
        log.warn({ bytes: body.length }, 'relay reply too large; answering success');
        return null;
      }
      return body.toString('utf8');
    } catch (err) {
      log.warn(
        {
          err: (err as Error).name === 'AbortError' ? 'relay deadline passed' : (err as Error).message,
          ms: Date.now() - started,
        },
        'relay failed; answering success',
      );
      return null;
    }
  };
}
