import type { Ctx } from '../context';
import type { z } from 'zod';
import type { User } from '../db/types';
import { ConflictError, ExpiredError, ForbiddenError, NotFoundError } from '../errors';
import { t } from '../i18n';
import { maskEmail, maskOpenid } from '../log';
import { moveScene, publishScene, type Scene, sceneLocale } from '../scene';
import { deliverMessage } from '../delivery/deliver-message';
import { verifyBindLink, type BindLinkParams } from './bind-link';
import { browserKeyMatches } from './browser-key';
import { signInAndBind, type SignInAndBindInput } from './sign-in-and-bind';

type Input = z.infer<typeof SignInAndBindInput>;

/** After a login scan by an unbound WeChat: log in or register on /bind-account, bound to the openid the scene holds. */
export async function bindAccountFromScene(
  ctx: Ctx,
  {
    sceneId,
    browserKey,
    input,
    ip,
  }: {
    sceneId: string;
    browserKey: string | undefined;
    input: Input;
    ip: string | null;
  },
): Promise<User> {
  const { repos, now, config } = ctx;
  if (input.mode === 'wechat_only' && !config.signupWechatOnly) throw new ForbiddenError('wechat_only_disabled');
  const scene = await repos.scenes.get(sceneId);
  if (scene?.purpose !== 'login') throw new NotFoundError('scene_not_found');
  if (!browserKeyMatches(browserKey, scene.browserKeyHash)) throw new ForbiddenError('browser_mismatch');
  if (scene.status !== 'needs_binding' || !scene.openid) throw new ConflictError('scene_used');
  if (scene.expiresAt <= now()) throw new ExpiredError('scene_expired');
  const openid = scene.openid;

  let bound: Scene | null = null;
  const user = await signInAndBind(ctx, input, {
    openid,
    ip,
    via: 'login-scan',
    claim: async (tx) => {
      bound = await moveScene(tx, scene, 'bound', now());
      if (!bound) throw new ConflictError('scene_used');
    },
  });
  if (bound) publishScene(ctx, bound);
  tellWeChat(ctx, openid, t(sceneLocale(scene), 'reply.link.bound', { account: maskEmail(user.email) }));
  return user;
}

/** A follower opened the signed link sent in WeChat: log in or register, bound to the link's openid; the nonce works once. */
export async function bindAccountFromLink(
  ctx: Ctx,
  {
    link,
    reader,
    input,
    ip,
  }: {
    link: Partial<Record<keyof BindLinkParams, unknown>>;
    /** Who reads the link, as proved to this browser (lib/auth/link-reader.ts); null when not proved. */
    reader: string | null;
    input: Input;
    ip: string | null;
  },
): Promise<User> {
  const { config, now } = ctx;
  // WeChat-only sign-up is for the first scan on a login page, not for links.
  if (input.mode === 'wechat_only') throw new ForbiddenError('wechat_only_disabled');
  const checked = verifyBindLink(config.appSecret, link, now());
  if (!checked.ok)
    throw checked.code === 'link_expired' ? new ExpiredError('link_expired') : new ForbiddenError('link_invalid');
  const { openid, nonce } = checked.link;
  // A forwarded link must not bind its follower's WeChat to whoever opens it: the reader must be proved to
  // be the link's WeChat — inside WeChat by web authorization, outside by a keyword code sent from it.
  if (reader === null) throw new ForbiddenError('link_reader_required');
  if (reader !== openid) throw new ForbiddenError('link_mismatch');
  const user = await signInAndBind(ctx, input, {
    openid,
    ip,
    via: 'link',
    claim: async (tx) => {
      if (!(await tx.linkNonces.use({ nonce, openid, now: now(), expiresAt: checked.expiresAt })))
        throw new ConflictError('link_used');
    },
  });
  tellWeChat(ctx, openid, t('zh', 'reply.link.bound', { account: maskEmail(user.email) }));
  return user;
}

/** A note after the commit through the delivery chain; best effort, the binding stands without it. */
function tellWeChat(ctx: Ctx, openid: string, text: string): void {
  deliverMessage(ctx, { openid, text }).catch((err: unknown) =>
    ctx.log.warn({ err: (err as Error).message, openid: maskOpenid(openid) }, 'wechat note not sent'),
  );
}
