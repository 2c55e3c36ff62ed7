import { z } from 'zod';

/** One relying party from OIDC_CLIENTS; no secret = a public client, which must use PKCE. */
export interface OidcClientConfig {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
}

const absoluteUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    // OAuth 2.0 (RFC 6749 §3.1.2): a redirection endpoint is absolute and has no fragment.
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.hash && !value.includes('#');
  } catch {
    return false;
  }
}, 'must be an absolute http(s) URL without a fragment');

const ClientSchema = z
  .object({
    client_id: z.string().regex(/^[A-Za-z0-9._~-]{1,100}$/, 'must be 1-100 letters, digits or . _ ~ -'),
    client_secret: z.string().min(32, 'must be at least 32 characters (or left out for a public client)').optional(),
    redirect_uris: z.array(absoluteUrl).min(1, 'needs at least one URL'),
    post_logout_redirect_uris: z.array(absoluteUrl).default([]),
  })
  .strict();

const ClientsSchema = z.array(ClientSchema);

/**
 * Parses OIDC_CLIENTS. Returns every mistake as its own line (`OIDC_CLIENTS[1].redirect_uris[0]: …`)
 * rather than stopping at the first, so one edit fixes them all.
 */
export function parseOidcClients(
  raw: string | undefined,
): { ok: true; clients: OidcClientConfig[] } | { ok: false; errors: string[] } {
  if (raw === undefined || raw.trim() === '') return { ok: true, clients: [] };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    return { ok: false, errors: [`OIDC_CLIENTS: not valid JSON (${(err as Error).message})`] };
  }
  const parsed = ClientsSchema.safeParse(json);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => {
      const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
      const message =
        issue.code === 'unrecognized_keys'
          ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`
          : issue.message;
      return `OIDC_CLIENTS${where}: ${message}`;
    });
    return { ok: false, errors };
  }
  const errors: string[] = [];
  const seen = new Set<string>();
  parsed.data.forEach((client, i) => {
    if (seen.has(client.client_id)) errors.push(`OIDC_CLIENTS[${i}].client_id: "${client.client_id}" is listed twice`);
    seen.add(client.client_id);
  });
  return errors.length ? { ok: false, errors } : { ok: true, clients: parsed.data };
}
