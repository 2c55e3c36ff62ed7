import { verifyBindLink } from '@/lib/auth/bind-link';
import { t } from '@/lib/i18n';
import { maskEmail } from '@/lib/log';
import { pageLocale } from '@/lib/http/page-context';
import { services } from '@/lib/services';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { READER_COOKIE, readerOf } from '@/lib/auth/link-reader';
import { wechatProof } from '@/lib/http/in-wechat';
import { safeNextPath } from '@/lib/http/safe-next';
import { BindForms } from '../../bind-forms';
import { LinkReaderCheck } from './reader-check';
import { titled } from '../../page-title';

export const generateMetadata = titled('title.link');

type Params = { openid?: string; timestamp?: string; nonce?: string; signature?: string; next?: string };

/** The signed link a follower gets in WeChat: opened in WeChat's browser, it binds that openid once. */
export default async function WeChatLinkPage({ searchParams }: { searchParams: Promise<Params> }) {
  const params = await searchParams;
  const locale = await pageLocale();
  const { config, repos, now } = services();
  const checked = verifyBindLink(config.appSecret, params, now());
  // Where to go once bound (e.g. back to the event the follower tapped): a path on this site only.
  const next = safeNextPath(params.next);
  let problem: string | null = null;
  // Inside WeChat the reader is confirmed by web authorization where the account has it; elsewhere (and on a
  // subscription account) by the keyword code below. A link forwarded to someone else is refused.
  const reader = readerOf(config.appSecret, (await cookies()).get(READER_COOKIE)?.value, now());
  if (checked.ok && reader === null && (await wechatProof()) === 'web-auth')
    redirect(
      `/api/auth/wechat/oauth/start?purpose=link&next=${encodeURIComponent(`/wechat/link?${new URLSearchParams({ ...checked.link, next })}`)}`,
    );
  if (checked.ok && reader !== null && reader !== checked.link.openid)
    problem = t(locale, 'webAuth.error.link_mismatch');
  else if (!checked.ok)
    problem = t(locale, checked.code === 'link_expired' ? 'link.expired.body' : 'link.invalid.body');
  else if (await repos.linkNonces.isUsed(checked.link.nonce)) problem = t(locale, 'link.used.body');
  else {
    const binding = await repos.bindings.findByOpenid(checked.link.openid);
    const user = binding ? await repos.users.findById(binding.userId) : null;
    if (user) problem = t(locale, 'link.bound.body', { account: maskEmail(user.email) });
  }
  return (
    <section className="card narrow" data-testid="link-page">
      <h1>{problem && !checked.ok ? t(locale, 'link.invalid.title') : t(locale, 'link.title')}</h1>
      {problem || !checked.ok ? (
        <p className="form-error" role="alert" data-testid="link-problem">
          {problem}
        </p>
      ) : reader === null ? (
        // Without web authorization the reader proves possession of the link's WeChat with a keyword code first.
        <LinkReaderCheck link={checked.link} />
      ) : (
        <>
          <p className="lead">{t(locale, 'link.lead')}</p>
          <BindForms endpoint="/api/auth/bind-link" extra={{ ...checked.link }} next={next} />
        </>
      )}
    </section>
  );
}
