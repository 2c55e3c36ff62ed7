import type { Ctx } from '../context';
import { t } from '../i18n';
import { claimPendingScene, publishScene, type Scene } from '../scene';
import { enqueueEvent } from '../webhooks/enqueue-event';
import { newHostBindingId } from './host-bindings';

/** A scene made through the server API (it carries the key's name). */
export function isHostScene(scene: Scene): boolean {
  return typeof scene.detail?.apiKey === 'string';
}

const siteOf = (ctx: Ctx) => new URL(ctx.config.publicUrl).host;

/**
 * A host `bind` scene was scanned: bind openid ↔ externalUserId, move the scene and write
 * `binding.created` to the outbox in one transaction; push to the embed after the commit.
 */
export async function bindHostFromScan(ctx: Ctx, scene: Scene<'bind'>, openid: string): Promise<string> {
  const at = ctx.now();
  const outcome = await claimPendingScene(ctx, { scene, openid, at }, async ({ tx, scene, move }) => {
    const externalUserId = scene.externalUserId;
    if (!externalUserId) return { kind: 'orphan' as const };
    const existing = await tx.hostBindings.findByOpenid(openid);
    let result: 'bound' | 'same' | 'openid_taken' | 'user_taken';
    if (existing) result = existing.externalUserId === externalUserId ? 'same' : 'openid_taken';
    else {
      const id = newHostBindingId();
      const inserted = await tx.hostBindings.insert({
        id,
        externalUserId,
        openid,
        boundAt: at,
        apiKeyName: scene.detail?.apiKey ?? null,
      });
      result = inserted === 'ok' ? 'bound' : inserted === 'openid_taken' ? 'openid_taken' : 'user_taken';
      if (result === 'bound') {
        await tx.audit.add({
          at,
          action: 'host.bound',
          userId: null,
          openid,
          detail: { externalUserId, key: scene.detail?.apiKey },
        });
        await enqueueEvent(
          tx,
          'binding.created',
          { bindingId: id, externalUserId, userId: null, openid, boundAt: at, via: 'scan' },
          at,
        );
      }
    }
    if (result === 'bound' || result === 'same')
      return { kind: 'bound' as const, scene: await move('bound', { openid }) };
    const reason = result;
    return {
      kind: 'refused' as const,
      reason,
      scene: await move('conflict', { openid, detail: { ...scene.detail, reason } }),
    };
  });
  switch (outcome.kind) {
    case 'bound':
      publishScene(ctx, outcome.scene);
      return t('zh', 'host.reply.bound', { site: siteOf(ctx) });
    case 'repeat':
      publishScene(ctx, outcome.scene);
      return outcome.scene.status === 'bound'
        ? t('zh', 'host.reply.bound', { site: siteOf(ctx) })
        : t('zh', 'reply.conflict.used');
    case 'refused':
      publishScene(ctx, outcome.scene);
      return t('zh', `host.reply.conflict.${outcome.reason}`);
    case 'expired':
      return t('zh', 'reply.conflict.expired');
    default:
      return t('zh', 'reply.conflict.used');
  }
}

/**
 * A host `login` scene was scanned: a bound openid makes it `login_ready`, naming the externalUserId,
 * and writes `login.succeeded` in the same transaction; an unbound one makes it `needs_binding`.
 */
export async function loginHostFromScan(ctx: Ctx, scene: Scene<'login'>, openid: string): Promise<string> {
  const at = ctx.now();
  const outcome = await claimPendingScene(ctx, { scene, openid, at }, async ({ tx, scene, move }) => {
    const binding = await tx.hostBindings.findByOpenid(openid);
    if (!binding) return { kind: 'moved' as const, scene: await move('needs_binding', { openid }) };
    // The login's result: which host user scanned (read back by GET /api/v1/scenes/{id}).
    const moved = await move('login_ready', {
      openid,
      detail: { ...scene.detail, externalUserId: binding.externalUserId },
    });
    await enqueueEvent(
      tx,
      'login.succeeded',
      { sceneId: scene.id, externalUserId: binding.externalUserId, userId: null, openid },
      at,
    );
    return { kind: 'moved' as const, scene: moved };
  });
  if (outcome.kind === 'used') return t('zh', 'reply.login.used');
  if (outcome.kind === 'expired') return t('zh', 'reply.login.expired');
  publishScene(ctx, outcome.scene);
  return outcome.scene.status === 'login_ready'
    ? t('zh', 'reply.login.success')
    : t('zh', 'host.reply.login.needsBinding', { site: siteOf(ctx) });
}
