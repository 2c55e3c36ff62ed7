import { getAccount } from '@/lib/auth/get-account';
import { t } from '@/lib/i18n';
import { pageLocale, requireUser } from '@/lib/http/page-context';
import { getFollowQr } from '@/lib/scan/follow-qr';
import { services } from '@/lib/services';
import { wechatProof } from '@/lib/http/in-wechat';
import { CredentialsForm } from '../credentials-form';
import { WeChatPanel } from './wechat-panel';
import { titled } from '../page-title';

export const generateMetadata = titled('title.settings');

export default async function SettingsPage() {
  const user = await requireUser('/settings');
  const locale = await pageLocale();
  const since = new Date(user.createdAt).toLocaleDateString(locale === 'zh' ? 'zh-CN' : 'en-US');
  // Inside WeChat with web authorization: bind the WeChat being browsed with. A phone (outside WeChat, or inside
  // it on a subscription account): the keyword code leads, with the account's name and follow QR to long-press.
  const proof = await wechatProof();
  const phone = proof === 'keyword';
  return (
    <div className="stack">
      <h1>{t(locale, 'settings.title')}</h1>
      <section className="card" aria-labelledby="account-heading">
        <h2 id="account-heading">{t(locale, 'settings.account')}</h2>
        <dl className="facts">
          <dt>{t(locale, 'settings.email')}</dt>
          <dd data-testid="account-email">{user.email ?? t(locale, 'wechatOnly.none')}</dd>
          <dt>{t(locale, 'settings.memberSince')}</dt>
          <dd>{since}</dd>
        </dl>
      </section>
      {user.email === null && (
        <section className="card" aria-labelledby="credentials-heading" data-testid="add-credentials">
          <h2 id="credentials-heading">{t(locale, 'wechatOnly.addTitle')}</h2>
          <p className="lead">{t(locale, 'wechatOnly.addLead')}</p>
          <CredentialsForm
            endpoint="/api/auth/credentials"
            submitLabel={t(locale, 'wechatOnly.addSubmit')}
            next="/settings"
            newPassword
          />
        </section>
      )}
      <WeChatPanel
        initial={(await getAccount(services(), user)).wechat}
        simulator={services().config.simulator}
        inWeChat={proof === 'web-auth'}
        keywordFirst={phone}
        follow={phone ? await getFollowQr(services()) : null}
      />
    </div>
  );
}
