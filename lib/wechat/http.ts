import { WeChatApiError } from './errors';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** What an observer learns about each API call: the path, WeChat's errcode (0 = ok, -1 = transport) and time. */
export interface ApiCallReport {
  path: string;
  errcode: number;
  durationMs: number;
}
export type ApiCallObserver = (report: ApiCallReport) => void;

/** `requestJson`, reporting the call's outcome to `observe` (which must not throw). */
export async function observedRequest(
  observe: ApiCallObserver | undefined,
  opts: Parameters<typeof requestJson>[0],
): Promise<{ json: Record<string, unknown>; text: string }> {
  const started = performance.now();
  try {
    const result = await requestJson(opts);
    observe?.({ path: opts.path, errcode: 0, durationMs: performance.now() - started });
    return result;
  } catch (err) {
    const errcode = err instanceof WeChatApiError ? err.errcode : -1;
    observe?.({ path: opts.path, errcode, durationMs: performance.now() - started });
    throw err;
  }
}

/**
 * Calls a WeChat endpoint and returns its JSON with the raw text. Transport failures become
 * `WeChatApiError` with errcode -1; the URL (which carries the access token) never appears in messages.
 */
export async function requestJson(opts: {
  fetch: FetchLike;
  url: string;
  path: string;
  method: 'GET' | 'POST';
  body?: unknown;
  timeoutMs: number;
}): Promise<{ json: Record<string, unknown>; text: string }> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  // Our own timer as well as the signal: a fetch that ignores the signal still cannot hang us.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new WeChatApiError(-1, `${opts.path} timed out after ${opts.timeoutMs} ms`, 'timeout'));
    }, opts.timeoutMs);
  });
  try {
    return await Promise.race([send(), timeout]);
  } finally {
    clearTimeout(timer);
  }

  async function send(): Promise<{ json: Record<string, unknown>; text: string }> {
    let response: Response;
    try {
      response = await opts.fetch(opts.url, {
        method: opts.method,
        headers: opts.body === undefined ? undefined : { 'Content-Type': 'application/json; charset=utf-8' },
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: controller.signal,
      });
    } catch (cause) {
      if (controller.signal.aborted)
        throw new WeChatApiError(-1, `${opts.path} timed out after ${opts.timeoutMs} ms`, 'timeout', { cause });
      throw new WeChatApiError(-1, `${opts.path} request failed`, 'network_error', { cause });
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new WeChatApiError(-1, `${opts.path} answered HTTP ${response.status}`, 'http_error');
    }
    let text: string;
    try {
      text = await response.text();
    } catch (cause) {
      if (controller.signal.aborted)
        throw new WeChatApiError(-1, `${opts.path} timed out after ${opts.timeoutMs} ms`, 'timeout', { cause });
      throw new WeChatApiError(-1, `${opts.path} body could not be read`, 'network_error', { cause });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new WeChatApiError(-1, `${opts.path} answered with invalid JSON`, 'invalid_response', { cause });
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new WeChatApiError(-1, `${opts.path} answered with unexpected JSON`, 'invalid_response');
    }
    const record = json as Record<string, unknown>;
    const errcode = record.errcode;
    if (errcode !== undefined && errcode !== 0) {
      const code = typeof errcode === 'number' ? errcode : Number(errcode);
      const errmsg = typeof record.errmsg === 'string' ? record.errmsg : '';
      throw new WeChatApiError(Number.isFinite(code) ? code : -1, errmsg, 'api_error');
    }
    return { json: record, text };
  }
}

export function trimBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}
