/**
 * The `next` parameter after login may only name a path on this site: `/settings?tab=1` passes,
 * `https://evil.example`, `//evil.example`, `/\evil.example` and `javascript:` fall back to `fallback`.
 */
export function safeNextPath(value: string | null | undefined, fallback = '/settings'): string {
  if (!value || value.length > 512) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f\\]/.test(value)) return fallback;
  try {
    const url = new URL(value, 'http://same.invalid');
    if (url.origin !== 'http://same.invalid') return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}
