import type { FetchLike } from '../../../lib/wechat';

export interface RecordedRequest {
  url: URL;
  method: string;
  body: unknown;
}

type Responder = (req: RecordedRequest, init: RequestInit) => Response | Promise<Response>;

/** A fetch that records every request and answers through `respond`. */
export function createFakeFetch(respond: Responder): FetchLike & { requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetch = async (input: string, init: RequestInit) => {
    const req: RecordedRequest = {
      url: new URL(input),
      method: init.method ?? 'GET',
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(req);
    return respond(req, init);
  };
  return Object.assign(fetch, { requests });
}

export function json(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json' } });
}

/** Resolves when `signal` aborts (as a real fetch would), never otherwise. */
export function hang(init: RequestInit): Promise<Response> {
  return new Promise((_, reject) => {
    init.signal?.addEventListener('abort', () => reject(init.signal?.reason ?? new Error('aborted')));
  });
}
