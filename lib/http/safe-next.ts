const BASE = 'http://same.invalid';

/**
 * The `next` parameter after login may only name a path on this site: `/settings?tab=1` passes,
 * `https://evil.example`, `//evil.example`, `/\evil.example`, `/.//evil.example`, `/%2e//evil.example`
 * and `javascript:` fall back to `fallback`. The check is made on the normalised path that is returned
 * (dot segments resolved, backslashes turned into slashes), never on the raw value only: the browser
 * and Next's redirect follow the normalised one.
 */
export function safeNextPath(value: string | null | undefined, fallback = '/settings'): string {
  if (!value || value.length > 512) return fallback;
  if (!value.startsWith('/') || hasControlOrBackslash(value)) return fallback;
  let out: string;
  try {
    const url = new URL(value, BASE);
    if (url.origin !== BASE) return fallback;
    out = url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
  return isLocalPath(out) ? out : fallback;
}

/** A path that resolves on this origin, read the same way a second time (no `//host`, `/\host`). */
function isLocalPath(path: string): boolean {
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return false;
  if (hasControlOrBackslash(path)) return false;
  // Nor one that turns into such a path once a proxy or a router percent-decodes it (`/%09/host`, `/%5chost`).
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  if (/^\/[\s/\\]/.test(decoded) || hasControlOrBackslash(decoded)) return false;
  try {
    const again = new URL(path, BASE);
    return again.origin === BASE && again.pathname + again.search + again.hash === path;
  } catch {
    return false;
  }
}

function hasControlOrBackslash(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x5c) return true;
  }
  return false;
}
