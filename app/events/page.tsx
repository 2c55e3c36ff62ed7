import Link from 'next/link';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { createBindLink } from '@/lib/auth/bind-link';
import { readSession, SESSION_COOKIE } from '@/lib/auth/sessions';
import { type EventLinkParams, verifyEventLink } from '@/lib/events/event-link';
import { t } from '@/lib/i18n';
import { wechatProof } from '@/lib/http/in-wechat';
import { pageLocale } from '@/lib/http/page-context';
import { services } from '@/lib/services';
import { formatTime } from '../admin/format';
import { titled } from '../page-title';
import { SignUpButton } from './sign-up-button';

export const generateMetadata = titled('events.title');

type Params = { openid?: string; timestamp?: string; signature?: string };

/**
 * /events: the open events, and one-tap sign-up. Who signs up:
 * - inside WeChat's browser on an account with web authorization (snsapi_base), the follower it names: a bound
 *   one comes back signed in, an unbound one binds on /bind-account and comes back here (`next`);
 * - elsewhere (and inside WeChat on a subscription account, which has no web authorization), the follower of the signed link of "报名" (the fallback: an unbound one binds through a signed
 *   bind link whose `next` brings them back to the event they tapped), or else the signed-in user.
 */
export default async function EventsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  const locale = await pageLocale();
  const ctx = services();
  const { repos, config, now } = ctx;
  const session = await readSession(ctx, (await cookies()).get(SESSION_COOKIE)?.value);
  // The QR of a computer cannot be scanned from inside WeChat, nor is a link's openid proof of the reader:
  // web authorization says who is browsing. A refused one ends on /wechat/web-auth, so there is no loop. On a
  // subscription account (no web authorization) the signed link of "报名" is the fallback, as outside WeChat.
  const webAuth = (await wechatProof()) === 'web-auth';
  if (webAuth && !session) redirect('/api/auth/wechat/oauth/start?purpose=login&next=%2Fevents');
  let userId: number | null = null;
  let link: EventLinkParams | null = null;
  let notice: string | null = null;
  /** An unbound follower's way to sign up for event `id`: bind first, then back to this event. */
  let bindFirst: ((id: number) => string) | null = null;
  if (params.openid !== undefined && !webAuth) {
    const checked = verifyEventLink(config.appSecret, params, now());
    if (!checked.ok) notice = t(locale, 'events.linkExpired');
    else {
      const binding = await repos.bindings.findByOpenid(checked.openid);
      const current: EventLinkParams = {
        openid: checked.openid,
        timestamp: String(params.timestamp),
        signature: String(params.signature),
      };
      if (binding) {
        userId = binding.userId;
        link = current;
      } else {
        notice = t(locale, 'events.bindFirst');
        const back = `/events?${new URLSearchParams({ ...current })}`;
        bindFirst = (id) =>
          `${createBindLink(config.publicUrl, config.appSecret, checked.openid, now())}&next=${encodeURIComponent(`${back}#event-${id}`)}`;
      }
    }
  } else if (session) userId = session.user.id;
  else notice = t(locale, 'events.loginFirst');
  const open = await repos.events.listOpen(now());
  const mine = new Set<number>();
  if (userId !== null) for (const e of open) if (await repos.events.findSignup(e.id, userId)) mine.add(e.id);
  return (
    <section className="card narrow stack" data-testid="events-page">
      <h1>{t(locale, 'events.title')}</h1>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {notice && !bindFirst && params.openid === undefined && (
        <p>
          <Link href="/login?next=/events">{t(locale, 'title.login')}</Link>
        </p>
      )}
      {open.length === 0 && <p className="hint">{t(locale, 'events.reply.none')}</p>}
      {open.map((e) => (
        <article key={e.id} id={`event-${e.id}`} className="stack" data-testid={`event-${e.id}`}>
          <h2>{e.title}</h2>
          <p>
            {formatTime(locale, e.startsAt)} · {e.place}
          </p>
          {e.description && <p>{e.description}</p>}
          <p className="hint">
            {t(locale, 'events.left')}: {e.capacity - e.signedUp} / {e.capacity} ·{' '}
            {t(locale, 'events.field.signupDeadline')} {formatTime(locale, e.signupDeadline)}
          </p>
          {userId !== null && <SignUpButton eventId={e.id} link={link} done={mine.has(e.id)} />}
          {bindFirst && (
            <p>
              <a className="button primary" href={bindFirst(e.id)} data-testid={`bind-first-${e.id}`}>
                {t(locale, 'events.signup')}
              </a>
            </p>
          )}
        </article>
      ))}
    </section>
  );
}
