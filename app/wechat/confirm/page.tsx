import { getLoginConfirmation } from '@/lib/auth/confirm-login';
import { isAppError } from '@/lib/errors';
import { t } from '@/lib/i18n';
import { pageLocale } from '@/lib/http/page-context';
import { services } from '@/lib/services';
import { ConfirmButtons } from './confirm-buttons';
import { titled } from '../../page-title';

export const generateMetadata = titled('title.confirm');

/** A short, readable name for a User-Agent: enough to recognise "my laptop's Chrome". */
function describeBrowser(ua: string | null): string {
  if (!ua) return '—';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'Browser';
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Mac OS X/.test(ua)
      ? 'macOS'
      : /Android/.test(ua)
        ? 'Android'
        : /iPhone|iPad/.test(ua)
          ? 'iOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return os ? `${browser} · ${os}` : browser;
}

/** `::ffff:203.0.113.7` (an IPv4 client on a dual-stack socket) → `203.0.113.7`. */
function readableIp(ip: string | null): string {
  if (!ip) return '—';
  return ip.replace(/^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i, '$1');
}

/** Opened from the WeChat reply to a login scan, inside WeChat's browser. */
export default async function ConfirmLoginPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const locale = await pageLocale();
  let found: Awaited<ReturnType<typeof getLoginConfirmation>> | undefined;
  try {
    found = await getLoginConfirmation(services(), token);
  } catch (err) {
    if (!isAppError(err)) throw err;
  }
  if (!found || found.handled) {
    return (
      <section className="card narrow phone-page">
        <h1>{t(locale, 'confirm.title')}</h1>
        <p className="form-error" role="alert" data-testid="confirm-problem">
          {t(locale, found ? 'confirm.handled' : 'confirm.invalid')}
        </p>
      </section>
    );
  }
  const { scene } = found;
  // An unbound WeChat: approving binds it to whichever account the computer logs in to or creates.
  const binds = scene.userId === null;
  const when = new Date(scene.createdAt).toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-US', {
    timeZone: 'Asia/Shanghai',
  });
  return (
    <section className="card narrow phone-page">
      <h1>{t(locale, binds ? 'confirm.bindTitle' : 'confirm.title')}</h1>
      <p>{t(locale, binds ? 'confirm.bindLead' : 'confirm.lead')}</p>
      <dl className="facts">
        <dt>{t(locale, 'confirm.site')}</dt>
        <dd data-testid="confirm-site">{new URL(services().config.publicUrl).host}</dd>
        <dt>{t(locale, 'confirm.browser')}</dt>
        <dd data-testid="confirm-browser">{describeBrowser(scene.userAgent)}</dd>
        <dt>{t(locale, 'confirm.ip')}</dt>
        <dd data-testid="confirm-ip">{readableIp(scene.ip)}</dd>
        <dt>{t(locale, 'confirm.time')}</dt>
        <dd>{when}</dd>
        {binds && (
          <>
            <dt>{t(locale, 'confirm.binds')}</dt>
            <dd data-testid="confirm-binds">{t(locale, 'confirm.bindsNew')}</dd>
          </>
        )}
      </dl>
      <p className="hint">{t(locale, binds ? 'confirm.bindWarning' : 'confirm.warning')}</p>
      <ConfirmButtons token={token!} binds={binds} />
    </section>
  );
}
