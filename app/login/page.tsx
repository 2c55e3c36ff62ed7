import { redirect } from 'next/navigation';
import { t } from '@/lib/i18n';
import { currentUser, pageLocale } from '@/lib/http/page-context';
import { safeNextPath } from '@/lib/http/safe-next';
import { getInteractionView, interactionUidOf } from '@/lib/oidc/interaction-view';
import { getFollowQr } from '@/lib/scan/follow-qr';
import { services } from '@/lib/services';
import { wechatProof } from '@/lib/http/in-wechat';
import { CredentialsForm } from '../credentials-form';
import { LoginQr } from './login-qr';
import { titled } from '../page-title';
import { SwitchLink } from '../switch-link';

export const generateMetadata = titled('title.login');

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; fresh?: string; qr?: string }>;
}) {
  const { next, fresh, qr } = await searchParams;
  const locale = await pageLocale();
  // `fresh=1`: a site signing in through WeBind asked for a new sign-in (prompt=login, max_age).
  if (fresh !== '1' && (await currentUser())) redirect(safeNextPath(next));
  // Inside WeChat's own browser the QR cannot be scanned: web authorization instead, where the account has it
  // (`qr=1` shows the page, e.g. after a refused authorization, so there is no loop).
  const proof = await wechatProof();
  if (qr !== '1' && proof === 'web-auth')
    redirect(`/api/auth/wechat/oauth/start?purpose=login&next=${encodeURIComponent(safeNextPath(next))}`);
  // A phone (outside WeChat, or inside it on a subscription account): the keyword code leads, with the
  // account's name and follow QR to long-press.
  const phone = proof === 'keyword';
  const oidc = await getInteractionView(services(), interactionUidOf(next));
  return (
    <div className="login-grid">
      {oidc && (
        <p className="notice login-for" data-testid="oidc-client">
          {t(locale, 'oidc.signingInTo', { client: oidc.clientId })}
        </p>
      )}
      <section className="card login-qr" aria-labelledby="qr-heading">
        {/* On a phone the keyword code leads: the title and lead say so, not "scan". */}
        <h1 id="qr-heading">{t(locale, phone ? 'login.codeTitle' : 'login.qrTitle')}</h1>
        <p className="lead">{t(locale, phone ? 'login.codeLead' : 'login.qrLead')}</p>
        <LoginQr
          next={next ?? null}
          simulator={services().config.simulator}
          keywordFirst={phone}
          follow={phone ? await getFollowQr(services()) : null}
        />
      </section>
      <section className="card login-password" aria-labelledby="password-heading">
        <h2 id="password-heading">
          {/* On a phone this card comes first, so it is not an "or". */}
          <span className="wide-only">{t(locale, 'login.or')}</span>
          <span className="narrow-only">{t(locale, 'login.passwordTitle')}</span>
        </h2>
        <CredentialsForm endpoint="/api/auth/login" submitLabel={t(locale, 'login.submit')} next={next} />
        <SwitchLink href="/forgot-password">{t(locale, 'forgot.link')}</SwitchLink>
        <SwitchLink href="/register" next={next}>
          {t(locale, 'login.noAccount')}
        </SwitchLink>
      </section>
    </div>
  );
}
