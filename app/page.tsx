import Link from 'next/link';
import { type Locale, type MessageKey, t } from '@/lib/i18n';
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
          <FlowCard locale={locale} flow="login" mark="⌁" href="/login" primary />
          <FlowCard locale={locale} flow="bind" mark="⇄" href="/register" />
          <FlowCard locale={locale} flow="follower" mark="✉" href={simulator ? '/dev/wechat' : null} />
        </div>
      </section>
      <p className="home-foot">
        <Link href="/forgot-password">{t(locale, 'home.flow.forgot')}</Link>
        {simulator && <span className="hint"> · {t(locale, 'home.dev')}</span>}
      </p>
    </div>
  );
}

/** One flow's card: its mark, `home.flow.<flow>.title` / `.body`, and its entry point when it has one here. */
function FlowCard(props: {
  locale: Locale;
  flow: 'login' | 'bind' | 'follower';
  mark: string;
  href: string | null;
  primary?: boolean;
}) {
  const key = `home.flow.${props.flow}` as const;
  return (
    <article className="card flow" data-testid={`flow-${props.flow}`}>
      <div className="flow-mark" aria-hidden="true">
        {props.mark}
      </div>
      <h3>{t(props.locale, `${key}.title` satisfies MessageKey)}</h3>
      <p>{t(props.locale, `${key}.body` satisfies MessageKey)}</p>
      {props.href && (
        <Link className={props.primary ? 'button primary' : 'button'} href={props.href}>
          {t(props.locale, `${key}.action` satisfies MessageKey)}
        </Link>
      )}
    </article>
  );
}
