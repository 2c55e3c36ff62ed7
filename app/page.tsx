import Link from 'next/link';
import { t } from '@/lib/i18n';
import { pageLocale } from '@/lib/http/page-context';
import { services } from '@/lib/services';
import { titled } from './page-title';

export const generateMetadata = titled('title.home');

/** One screen: what WeBind does, and its three flows as entry points. */
export default async function HomePage() {
  const locale = await pageLocale();
  const simulator = services().config.simulator;
  return (
    <div className="stack">
      <section className="hero card">
        <h1>{t(locale, 'home.title')}</h1>
        <p className="lead">{t(locale, 'home.lead')}</p>
      </section>
      <section aria-labelledby="flows-heading">
        <h2 id="flows-heading" className="sr-only">
          {t(locale, 'home.flows')}
        </h2>
        <div className="flows">
          <article className="card flow" data-testid="flow-login">
            <div className="flow-mark" aria-hidden="true">
              ⌁
            </div>
            <h3>{t(locale, 'home.flow.login.title')}</h3>
            <p>{t(locale, 'home.flow.login.body')}</p>
            <Link className="button primary" href="/login">
              {t(locale, 'home.flow.login.action')}
            </Link>
          </article>
          <article className="card flow" data-testid="flow-bind">
            <div className="flow-mark" aria-hidden="true">
              ⇄
            </div>
            <h3>{t(locale, 'home.flow.bind.title')}</h3>
            <p>{t(locale, 'home.flow.bind.body')}</p>
            <Link className="button" href="/register">
              {t(locale, 'home.flow.bind.action')}
            </Link>
          </article>
          <article className="card flow" data-testid="flow-follower">
            <div className="flow-mark" aria-hidden="true">
              ✉
            </div>
            <h3>{t(locale, 'home.flow.follower.title')}</h3>
            <p>{t(locale, 'home.flow.follower.body')}</p>
            {simulator && (
              <Link className="button" href="/dev/wechat">
                {t(locale, 'home.flow.follower.action')}
              </Link>
            )}
          </article>
        </div>
      </section>
      <p className="home-foot">
        <Link href="/forgot-password">{t(locale, 'home.flow.forgot')}</Link>
        {simulator && <span className="hint"> · {t(locale, 'home.dev')}</span>}
      </p>
    </div>
  );
}
