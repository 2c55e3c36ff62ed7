import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// `.openapi(...)` on zod schemas: the OpenAPI document is generated from these same schemas.
extendZodWithOpenApi(z);

/** A string or null in an answer, with what it holds. */
const nullableString = (description: string) => z.string().nullable().openapi({ description });

/** A host site's own user id: opaque to WeBind. */
export const ExternalUserIdSchema = z
  .string()
  .min(1, 'invalid_external_user_id')
  .max(128, 'invalid_external_user_id')
  .regex(/^[\x21-\x7e]+$/, 'invalid_external_user_id')
  .openapi({ description: "The host site's own user id (1–128 printable ASCII characters)", example: 'u-42' });

export const OpenidSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'invalid_openid')
  .openapi({ description: "The WeChat user's openid for this Official Account", example: 'oAbC123_xyz' });

export const CreateHostSceneInput = z
  .strictObject({
    purpose: z.enum(['bind', 'login'], { error: 'invalid_purpose' }),
    externalUserId: ExternalUserIdSchema.optional(),
    ttlSeconds: z
      .number({ error: 'invalid_ttl' })
      .int('invalid_ttl')
      .min(60, 'invalid_ttl')
      .max(2592000, 'invalid_ttl')
      .optional(),
  })
  .refine((v) => (v.purpose === 'bind') === (v.externalUserId !== undefined), {
    message: 'external_user_id_for_bind_only',
    path: ['externalUserId'],
  })
  .openapi('CreateSceneInput', {
    description: 'A bind scene names the host user to bind; a login scene names nobody (its result does).',
  });

export const HostSceneSchema = z
  .object({
    sceneId: z.string(),
    qrContent: z.string().openapi({ description: 'Encode this in a QR code (the embed does it for you)' }),
    expiresAt: z.number().int().openapi({ description: 'Epoch milliseconds' }),
    watchToken: z.string().openapi({ description: 'Hand it to /embed.js or <WeBindQr> to follow the scene live' }),
    keywordCode: nullableString('A code the user may send to the Official Account instead of scanning, when available'),
  })
  .openapi('Scene');

export const SceneStateSchema = z
  .object({
    sceneId: z.string(),
    purpose: z.enum(['bind', 'login']),
    status: z.string().openapi({ description: 'pending, bound, conflict, login_ready, needs_binding, expired, …' }),
    externalUserId: nullableString('bind: the user being bound; login: the bound user who scanned (once login_ready)'),
    expiresAt: z.number().int(),
  })
  .openapi('SceneState');

export const HostBindingSchema = z
  .object({
    id: z.string().openapi({ example: 'bnd_9x2…' }),
    externalUserId: z.string(),
    openid: z.string(),
    boundAt: z.number().int().openapi({ description: 'Epoch milliseconds' }),
  })
  .openapi('Binding');

export const BindingListSchema = z.object({ bindings: z.array(HostBindingSchema) }).openapi('BindingList');

export const BindingsQuery = z
  .strictObject({
    externalUserId: ExternalUserIdSchema.optional(),
    openid: OpenidSchema.optional(),
  })
  .refine((v) => (v.externalUserId === undefined) !== (v.openid === undefined), {
    message: 'one_of_external_user_id_or_openid',
  });

export const SendMessageInput = z
  .strictObject({
    externalUserId: ExternalUserIdSchema.optional(),
    openid: OpenidSchema.optional(),
    text: z.string().min(1, 'invalid_text').max(2000, 'invalid_text').optional(),
    template: z
      .strictObject({
        templateId: z.string().min(1).max(128),
        url: z.url().optional(),
        data: z.record(
          z.string().regex(/^[A-Za-z0-9_.]{1,32}$/),
          z.strictObject({ value: z.string().max(200), color: z.string().max(16).optional() }),
        ),
      })
      .optional(),
  })
  .refine((v) => (v.externalUserId === undefined) !== (v.openid === undefined), {
    message: 'one_of_external_user_id_or_openid',
  })
  .refine((v) => (v.text === undefined) !== (v.template === undefined), { message: 'one_of_text_or_template' })
  .openapi('SendMessageInput');

export const MessageResultSchema = z
  .object({
    delivered: z.boolean(),
    channel: z.enum(['custom', 'template']).nullable().openapi({ description: 'The channel that delivered it' }),
    reason: nullableString('Why nothing delivered it (e.g. not_following, outside_window, template_refused)'),
  })
  .openapi('MessageResult');

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }) })
  .openapi('Error');
