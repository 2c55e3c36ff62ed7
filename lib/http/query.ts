import type { NextRequest } from 'next/server';
import type { z } from 'zod';
import { ValidationError } from '../errors';

/** Validates a request's query string (a repeated parameter is refused as ambiguous). */
export function parseQuery<S extends z.ZodType>(req: NextRequest, schema: S): z.infer<S> {
  const params = req.nextUrl.searchParams;
  const value: Record<string, string> = {};
  for (const name of new Set(params.keys())) {
    const all = params.getAll(name);
    if (all.length !== 1) throw new ValidationError('invalid_input', 'invalid_input', name);
    value[name] = all[0];
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const code = issue.message && /^[a-z_]+$/.test(issue.message) ? issue.message : 'invalid_input';
    throw new ValidationError(code, code, issue.path.join('.') || undefined);
  }
  return parsed.data;
}
