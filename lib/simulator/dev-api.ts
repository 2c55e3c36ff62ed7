// /sim/dev/*: developer endpoints of the simulator (fault injection, state). Not part of WeChat's API.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonObject, readBody, sendJson } from './http';
import type { SimFaultsView, SimStateView } from './types';

export interface FaultInput {
  latencyMs?: number;
  failNext?: { count: number; errcode?: number; errmsg?: string; status?: number; path?: string };
  invalidateToken?: boolean;
  expireToken?: boolean;
  reset?: boolean;
}

/**
 * `GET /sim/dev/faults` → the active faults; `POST /sim/dev/faults` with
 * `{ latencyMs?, failNext?: { count, errcode? | status?, errmsg?, path? }, invalidateToken?, expireToken?, reset? }`;
 * `DELETE /sim/dev/faults` clears them. `GET /sim/dev/state` → users, live QR codes, faults.
 */
export async function handleDev(ctx: {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  state: () => SimStateView;
  applyFaults: (input: FaultInput) => { tokenChanged: boolean };
  faults: () => SimFaultsView;
}): Promise<void> {
  const { req, res, path } = ctx;
  const method = req.method ?? 'GET';
  if (path === '/dev/state' && method === 'GET') return sendJson(res, 200, ctx.state());
  if (path !== '/dev/faults') return sendJson(res, 404, { error: { code: 'not_found', message: 'not found' } });
  if (method === 'GET') return sendJson(res, 200, ctx.faults());
  if (method === 'DELETE') {
    ctx.applyFaults({ reset: true });
    return sendJson(res, 200, ctx.faults());
  }
  if (method !== 'POST')
    return sendJson(res, 405, { error: { code: 'method_not_allowed', message: 'GET, POST or DELETE' } });
  const body = parseJsonObject(await readBody(req));
  const input = body ? readFaultInput(body) : null;
  if (!input)
    return sendJson(res, 400, {
      error: {
        code: 'invalid_input',
        message:
          'expected { latencyMs?, failNext?: { count, errcode?|status?, errmsg?, path? }, invalidateToken?, expireToken?, reset? }',
      },
    });
  const { tokenChanged } = ctx.applyFaults(input);
  sendJson(res, 200, { ...ctx.faults(), tokenChanged });
}

function readFaultInput(body: Record<string, unknown>): FaultInput | null {
  const out: FaultInput = {};
  const int = (v: unknown, min: number, max: number) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : null;
  if (body.latencyMs !== undefined) {
    const ms = int(body.latencyMs, 0, 60_000);
    if (ms === null) return null;
    out.latencyMs = ms;
  }
  if (body.failNext !== undefined) {
    const f = body.failNext as Record<string, unknown>;
    if (!f || typeof f !== 'object') return null;
    const count = int(f.count, 1, 1000);
    const errcode = f.errcode === undefined ? undefined : int(f.errcode, -1, 9_999_999);
    const status = f.status === undefined ? undefined : int(f.status, 400, 599);
    if (count === null || errcode === null || status === null || (errcode === undefined && status === undefined))
      return null;
    if (f.errmsg !== undefined && typeof f.errmsg !== 'string') return null;
    if (f.path !== undefined && (typeof f.path !== 'string' || !f.path.startsWith('/cgi-bin/'))) return null;
    out.failNext = {
      count,
      ...(errcode !== undefined ? { errcode } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(f.errmsg ? { errmsg: f.errmsg as string } : {}),
      ...(f.path ? { path: f.path as string } : {}),
    };
  }
  for (const flag of ['invalidateToken', 'expireToken', 'reset'] as const) {
    if (body[flag] === undefined) continue;
    if (typeof body[flag] !== 'boolean') return null;
    out[flag] = body[flag] as boolean;
  }
  return out;
}
