import type { Locale } from '@/lib/i18n';

export function formatTime(locale: Locale, ms: number): string {
  return new Date(ms).toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
}

/** 75 s → "1m 15s" / "1分15秒". */
export function formatDuration(locale: Locale, ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (locale === 'zh') return h ? `${h}小时${m}分` : m ? `${m}分${sec}秒` : `${sec}秒`;
  return h ? `${h}h ${m}m` : m ? `${m}m ${sec}s` : `${sec}s`;
}

/** An audit row's detail as short `key: value` pairs. */
export function formatDetail(detail: Record<string, unknown> | null): string {
  if (!detail) return '';
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
}
