import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 (base64url) of `parts` joined by newlines under a purpose label, so one token can never pass as another kind. */
export function sign(secret: string, purpose: string, parts: readonly string[]): string {
  return createHmac('sha256', secret)
    .update(`${purpose}\n${parts.join('\n')}`)
    .digest('base64url');
}

/** Constant-time check of a signature made by `sign`. */
export function verifySigned(secret: string, purpose: string, parts: readonly string[], signature: unknown): boolean {
  if (typeof signature !== 'string' || signature.length > 100) return false;
  const expected = Buffer.from(sign(secret, purpose, parts));
  const actual = Buffer.from(signature);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
