import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../webhooks/event-types';
import {
  BindingListSchema,
  CreateHostSceneInput,
  ErrorSchema,
  ExternalUserIdSchema,
  HostBindingSchema,
  HostSceneSchema,
  MessageResultSchema,
  OpenidSchema,
  SceneStateSchema,
  SendMessageInput,
} from './schemas';

const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: {
          400: 'Invalid input',
          401: 'Missing, invalid or revoked API key',
          404: 'Not found',
          413: 'Body over 16 KiB',
          429: "Over the key's rate limit (see Retry-After)",
          502: 'WeChat did not answer',
        }[status]!,
        content: { 'application/json': { schema: ErrorSchema } },
      },
    ]),
  );

function buildRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key from `npm run apikey -- create NAME`',
  });
  const security = [{ [bearer.name]: [] }];

  registry.registerPath({
    method: 'post',
    path: '/api/v1/scenes',
    summary: 'Create a bind QR for one of your users, or a login QR',
    security,
    request: { body: { required: true, content: { 'application/json': { schema: CreateHostSceneInput } } } },
    responses: {
      201: { description: 'The scene', content: { 'application/json': { schema: HostSceneSchema } } },
      ...errors(400, 401, 413, 429, 502),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/scenes/{id}',
    summary: "A scene's state (a login's result names the bound externalUserId)",
    security,
    request: { params: z.object({ id: z.string() }) },
    responses: {
      200: { description: 'The scene', content: { 'application/json': { schema: SceneStateSchema } } },
      ...errors(401, 404, 429),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/bindings',
    summary: 'Look a binding up by your user id or by openid (exactly one)',
    security,
    request: { query: z.object({ externalUserId: ExternalUserIdSchema.optional(), openid: OpenidSchema.optional() }) },
    responses: {
      200: { description: 'Zero or one binding', content: { 'application/json': { schema: BindingListSchema } } },
      ...errors(400, 401, 429),
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/v1/bindings/{id}',
    summary: 'Unbind (sends binding.deleted)',
    security,
    request: { params: z.object({ id: z.string().openapi({ example: 'bnd_…' }) }) },
    responses: {
      200: { description: 'The removed binding', content: { 'application/json': { schema: HostBindingSchema } } },
      ...errors(401, 404, 429),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/messages',
    summary: 'Send a text (customer-service message) or a template message to a bound user',
    security,
    request: { body: { required: true, content: { 'application/json': { schema: SendMessageInput } } } },
    responses: {
      200: {
        description: 'Which channel delivered it, or why none could',
        content: { 'application/json': { schema: MessageResultSchema } },
      },
      ...errors(400, 401, 404, 413, 429),
    },
  });
  return registry;
}

let cached: { base: string; doc: ReturnType<OpenApiGeneratorV31['generateDocument']> } | null = null;

/** The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the routes validate with. */
export function openApiDocument(baseUrl: string) {
  if (cached?.base === baseUrl) return cached.doc;
  const doc = new OpenApiGeneratorV31(buildRegistry().definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'WeBind server API',
      version: '1.0.0',
      description:
        'Bind your own users to WeChat Official Account followers. Outgoing webhooks (Standard Webhooks): ' +
        WEBHOOK_EVENT_TYPES.join(', '),
    },
    servers: [{ url: baseUrl }],
  });
  cached = { base: baseUrl, doc };
  return doc;
}
