// GET /api/v1/openapi.json: the server API's OpenAPI 3.1 document, generated from its zod schemas.
import { openApiDocument } from '@/lib/host/openapi';
import { services } from '@/lib/services';

export const GET = () =>
  Response.json(openApiDocument(services().config.publicUrl), { headers: { 'access-control-allow-origin': '*' } });
