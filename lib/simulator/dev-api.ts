// /sim/dev/*: developer endpoints of the simulator (fault injection, state). Not part of WeChat's API.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonObject, readBody, sendJson } from './http';
import { isIP } from 'node:net';
import { SIM_RULE_NAMES, type SimFaultsView, type SimRules, type SimStateView } from './types';

export interface FaultInput {
  latencyMs?: number;
  /** Switch WeChat's rules on or off one by one. */
  rules?: Partial<SimRules>;
  accountType?: 'service' | 'subscription';
  qrDailyLimit?: number;
  allowedIps?: string[];
  failNext?: { count: number; errcode?: number; errmsg?: string; status?: number; path?: string };
  invalidateToken?: boolean;
  expireToken?: boolean;
  reset?: boolean;
}

/**
 * `GET /sim/dev/faults` → the active faults; `POST /sim/dev/faults` with
 * `{ latencyMs?, failNext?: { count, errcode? | status?, errmsg?, path? }, invalidateToken?, expireToken?, reset?,
 *   rules?: { qrQuota?, serviceWindow?, templateRules?, accountType?, ipAllowlist?, userInfoPrivacy? },
 *   accountType?: 'service' | 'subscription', qrDailyLimit?, allowedIps?: string[] }`;
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
          'expected { latencyMs?, failNext?: { count, errcode?|status?, errmsg?, path? }, invalidateToken?, expireToken?, reset?, rules?: { name: boolean }, accountType?, qrDailyLimit?, allowedIps? }',
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
  if (body.rules !== undefined) {
    const rules = body.rules as Record<string, unknown>;
    if (!rules || typeof rules !== 'object' || Array.isArray(rules)) return null;
    const out2: Partial<SimRules> = {};
    for (const [name, on] of Object.entries(rules)) {
      if (!(SIM_RULE_NAMES as readonly string[]).includes(name) || typeof on !== 'boolean') return null;
      out2[name as keyof SimRules] = on;
    }
    out.rules = out2;
  }
  if (body.accountType !== undefined) {
    if (body.accountType !== 'service' && body.accountType !== 'subscription') return null;
    out.accountType = body.accountType;
  }
  if (body.qrDailyLimit !== undefined) {
    const limit = int(body.qrDailyLimit, 0, 10_000_000);
    if (limit === null) return null;
    out.qrDailyLimit = limit;
  }
  if (body.allowedIps !== undefined) {
    const ips = body.allowedIps;
    if (!Array.isArray(ips) || ips.length > 50 || !ips.every((ip) => typeof ip === 'string' && isIP(ip) !== 0))
      return null;
    out.allowedIps = ips as string[];
  }
  for (const flag of ['invalidateToken', 'expireToken', 'reset'] as const) {
    if (body[flag] === undefined) continue;
    if (typeof body[flag] !== 'boolean') return null;
    out[flag] = body[flag] as boolean;
  }
  return out;
}
