import Link from 'next/link';
import { cookies } from 'next/headers';
import { createBindLink } from '@/lib/auth/bind-link';
import { readSession, SESSION_COOKIE } from '@/lib/auth/sessions';
import { verifyEventLink } from '@/lib/events/event-link';
import { t } from '@/lib/i18n';
import { pageLocale } from '@/lib/http/page-context';
import { services } from '@/lib/services';
import { formatTime } from '../admin/format';
import { SignUpButton } from './sign-up-button';

type Params = { openid?: string; timestamp?: string; signature?: string };

/**
 * /events: the open events. Opened from the signed link of "报名" in WeChat it acts for that follower
 * (a bound one signs up with one tap; an unbound one is sent to bind first); otherwise for the
 * signed-in user.
 */
export default async function EventsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  const locale = await pageLocale();
  const ctx = services();
  const { repos, config, now } = ctx;
  let userId: number | null = null;
  let link: { openid: string; timestamp: string; signature: string } | null = null;
  let notice: string | null = null;
  let bindHref: string | null = null;
  if (params.openid !== undefined) {
    const checked = verifyEventLink(config.appSecret, params, now());
    if (!checked.ok) notice = t(locale, 'events.linkExpired');
    else {
      const binding = await repos.bindings.findByOpenid(checked.openid);
      if (binding) {
        userId = binding.userId;
        link = { openid: checked.openid, timestamp: String(params.timestamp), signature: String(params.signature) };
      } else {
        notice = t(locale, 'events.bindFirst');
        bindHref = createBindLink(config.publicUrl, config.appSecret, checked.openid, now());
      }
    }
  } else {
    const found = await readSession(ctx, (await cookies()).get(SESSION_COOKIE)?.value);
    if (found) userId = found.user.id;
    else notice = t(locale, 'events.loginFirst');
  }
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
      {bindHref && (
        <p>
          <a className="button primary" href={bindHref} data-testid="bind-first">
            {t(locale, 'events.bindLink')}
          </a>
        </p>
      )}
      {!bindHref && notice && params.openid === undefined && (
        <p>
          <Link href="/login?next=/events">{t(locale, 'title.login')}</Link>
        </p>
      )}
      {open.length === 0 && <p className="hint">{t(locale, 'events.reply.none')}</p>}
      {open.map((e) => (
        <article key={e.id} className="stack" data-testid={`event-${e.id}`}>
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
        </article>
      ))}
    </section>
  );
}
