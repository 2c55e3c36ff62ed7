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
  const when = new Date(scene.createdAt).toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-US', {
    timeZone: 'Asia/Shanghai',
  });
  return (
    <section className="card narrow phone-page">
      <h1>{t(locale, 'confirm.title')}</h1>
      <p>{t(locale, 'confirm.lead')}</p>
      <dl className="facts">
        <dt>{t(locale, 'confirm.site')}</dt>
        <dd data-testid="confirm-site">{new URL(services().config.publicUrl).host}</dd>
        <dt>{t(locale, 'confirm.browser')}</dt>
        <dd data-testid="confirm-browser">{describeBrowser(scene.userAgent)}</dd>
        <dt>{t(locale, 'confirm.ip')}</dt>
        <dd data-testid="confirm-ip">{scene.ip ?? '—'}</dd>
        <dt>{t(locale, 'confirm.time')}</dt>
        <dd>{when}</dd>
      </dl>
      <p className="hint">{t(locale, 'confirm.warning')}</p>
      <ConfirmButtons token={token!} />
    </section>
  );
}
