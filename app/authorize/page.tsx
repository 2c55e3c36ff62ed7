import { t } from '@/lib/i18n';
import { pageLocale } from '@/lib/http/page-context';
import { getInteractionView } from '@/lib/oidc/interaction-view';
import { services } from '@/lib/services';
import { Refusal } from '../refusal';

const KNOWN_SCOPES = ['openid', 'email', 'wechat', 'offline_access'];

export default async function AuthorizePage({ searchParams }: { searchParams: Promise<{ uid?: string }> }) {
  const { uid } = await searchParams;
  const locale = await pageLocale();
  const view = await getInteractionView(services(), uid);
  const account = view?.accountId ? await services().repos.users.findById(Number(view.accountId)) : null;
  if (view?.prompt !== 'consent' || !account) {
    return (
      <section className="card narrow">
        <h1>{t(locale, 'oidc.error.title')}</h1>
        <Refusal message={t(locale, 'oidc.consent.gone')} backHref="/" backLabel={t(locale, 'oidc.error.back')} />
      </section>
    );
  }
  const client = view.clientId;
  const action = `/oidc/interaction/${view.uid}`;
  return (
    <section className="card narrow" aria-labelledby="consent-heading" data-testid="oidc-consent">
      <h1 id="consent-heading">{t(locale, 'oidc.consent.title', { client })}</h1>
      <p className="lead">{t(locale, 'oidc.consent.lead', { client })}</p>
      <h2 className="hint">{t(locale, 'oidc.consent.scopes')}</h2>
      <ul data-testid="oidc-scopes">
        {view.scopes
          .filter((s) => KNOWN_SCOPES.includes(s))
          .map((s) => (
            <li key={s}>{t(locale, `oidc.scope.${s}`)}</li>
          ))}
      </ul>
      <p className="hint">{t(locale, 'oidc.consent.as', { account: account.email || `#${account.id}` })}</p>
      <p className="hint">{t(locale, 'oidc.consent.remembered', { client })}</p>
      <div className="actions">
        <form method="post" action={`${action}/confirm`}>
          <button type="submit" className="button primary" data-testid="oidc-allow">
            {t(locale, 'oidc.consent.allow')}
          </button>
        </form>
        <form method="post" action={`${action}/abort`}>
          <button type="submit" className="button" data-testid="oidc-deny">
            {t(locale, 'oidc.consent.deny')}
          </button>
        </form>
      </div>
    </section>
  );
}
