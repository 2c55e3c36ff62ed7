import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { type ZodType, z } from 'zod';
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

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input',
  401: 'Missing, invalid or revoked API key',
  404: 'Not found',
  413: 'Body over 16 KiB',
  429: "Over the key's rate limit (see Retry-After)",
  502: 'WeChat did not answer',
};

const jsonContent = (schema: ZodType) => ({ 'application/json': { schema } });
const answer = (description: string, schema: ZodType) => ({ description, content: jsonContent(schema) });
const jsonBody = (schema: ZodType) => ({ body: { required: true, content: jsonContent(schema) } });
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, answer(ERROR_DESCRIPTIONS[status]!, ErrorSchema)]));

function buildRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key from `npm run apikey -- create NAME`',
  });
  // Every operation takes the API key.
  const operation = (method: RouteConfig['method'], path: string, route: Omit<RouteConfig, 'method' | 'path'>) =>
    registry.registerPath({ method, path, ...route, security: [{ [bearer.name]: [] }] });

  operation('post', '/api/v1/scenes', {
    summary: 'Create a bind QR for one of your users, or a login QR',
    request: jsonBody(CreateHostSceneInput),
    responses: { 201: answer('The scene', HostSceneSchema), ...errors(400, 401, 413, 429, 502) },
  });
  operation('get', '/api/v1/scenes/{id}', {
    summary: "A scene's state (a login's result names the bound externalUserId)",
    request: { params: z.object({ id: z.string() }) },
    responses: { 200: answer('The scene', SceneStateSchema), ...errors(401, 404, 429) },
  });
  operation('get', '/api/v1/bindings', {
    summary: 'Look a binding up by your user id or by openid (exactly one)',
    request: { query: z.object({ externalUserId: ExternalUserIdSchema.optional(), openid: OpenidSchema.optional() }) },
    responses: { 200: answer('Zero or one binding', BindingListSchema), ...errors(400, 401, 429) },
  });
  operation('delete', '/api/v1/bindings/{id}', {
    summary: 'Unbind (sends binding.deleted)',
    request: { params: z.object({ id: z.string().openapi({ example: 'bnd_…' }) }) },
    responses: { 200: answer('The removed binding', HostBindingSchema), ...errors(401, 404, 429) },
  });
  operation('post', '/api/v1/messages', {
    summary: 'Send a text (customer-service message) or a template message to a bound user',
    request: jsonBody(SendMessageInput),
    responses: {
      200: answer('Which channel delivered it, or why none could', MessageResultSchema),
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
