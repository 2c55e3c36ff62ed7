import { t } from '@/lib/i18n';
import { pageLocale } from '@/lib/http/page-context';
import { services } from '@/lib/services';
import { BindForms } from '../bind-forms';
import { WechatOnlyButton } from './wechat-only-button';
import { titled } from '../page-title';
import { Refusal } from '../refusal';

export const generateMetadata = titled('title.bindAccount');

export default async function BindAccountPage({
  searchParams,
}: {
  searchParams: Promise<{ scene?: string; next?: string }>;
}) {
  const { scene: sceneId, next } = await searchParams;
  const locale = await pageLocale();
  const { repos, now } = services();
  // The page only checks the scene is still waiting; the browser key is checked when the form is sent.
  const scene = sceneId && sceneId.length <= 64 ? await repos.scenes.get(sceneId) : null;
  const usable = scene?.purpose === 'login' && scene.status === 'needs_binding' && scene.expiresAt > now();
  return (
    <section className="card narrow">
      <h1>{t(locale, 'bindAccount.title')}</h1>
      {usable ? (
        <>
          <p className="lead">{t(locale, 'bindAccount.lead')}</p>
          <BindForms endpoint="/api/auth/bind-account" extra={{ sceneId: scene.id }} next={next} />
          {services().config.signupWechatOnly && <WechatOnlyButton sceneId={scene.id} next={next} />}
        </>
      ) : (
        <Refusal
          message={t(locale, 'bindAccount.expired')}
          backHref="/login"
          backLabel={t(locale, 'bindAccount.back')}
        />
      )}
    </section>
  );
}
