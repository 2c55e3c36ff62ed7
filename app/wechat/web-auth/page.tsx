import Link from 'next/link';
import { t } from '@/lib/i18n';
import { pageLocale } from '@/lib/http/page-context';
import { titled } from '../../page-title';

export const generateMetadata = titled('webAuth.title');

const REASONS = [
  'state',
  'code',
  'snapshot',
  'wechat',
  'openid_taken',
  'user_taken',
  'signed_out',
  'link_invalid',
  'link_mismatch',
  'link_used',
] as const;

/** The outcome of a web authorization that did not end on another page: a refusal, or a binding made. */
export default async function WebAuthResultPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string; errcode?: string; done?: string }>;
}) {
  const { error, errcode, done } = await searchParams;
  const locale = await pageLocale();
  const reason = (REASONS as readonly string[]).includes(error ?? '') ? error : 'wechat';
  const code = /^-?\d{1,6}$/.test(errcode ?? '') ? (errcode as string) : '-';
  return (
    <section className="card narrow" data-testid="web-auth-result">
      <h1>{t(locale, 'webAuth.title')}</h1>
      {done === 'bound' ? (
        <p className="notice" role="status" data-testid="web-auth-bound">
          {t(locale, 'webAuth.bound')}
        </p>
      ) : (
        <p className="form-error" role="alert" data-testid="web-auth-error" data-reason={reason}>
          {t(locale, `webAuth.error.${reason}`, { errcode: code })}
        </p>
      )}
      <p className="switch-link">
        {done === 'bound' || reason === 'openid_taken' || reason === 'user_taken' ? (
          <Link href="/settings">{t(locale, 'webAuth.settings')}</Link>
        ) : (
          <Link href="/login?qr=1">{t(locale, 'webAuth.back')}</Link>
        )}
      </p>
    </section>
  );
}
