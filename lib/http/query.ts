import type { NextRequest } from 'next/server';
import type { z } from 'zod';
import { ValidationError } from '../errors';
import { parseInput } from './errors';

/** Validates a request's query string (a repeated parameter is refused as ambiguous). */
export function parseQuery<S extends z.ZodType>(req: NextRequest, schema: S): z.infer<S> {
  const params = req.nextUrl.searchParams;
  const value: Record<string, string> = {};
  for (const name of new Set(params.keys())) {
    const all = params.getAll(name);
    if (all.length !== 1) throw new ValidationError('invalid_input', 'invalid_input', name);
    value[name] = all[0];
  }
  return parseInput(schema, value);
}
