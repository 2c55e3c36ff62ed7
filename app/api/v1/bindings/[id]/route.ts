// DELETE /api/v1/bindings/{id}: unbind a host user (binding.deleted follows).
import { bindingView, deleteHostBinding } from '@/lib/host/host-bindings';
import { withApiKey } from '@/lib/http/api-route';
import { services } from '@/lib/services';

export const DELETE = withApiKey(async ({ params, key }) =>
  Response.json(bindingView(await deleteHostBinding(services(), { id: params.id ?? '', via: `api:${key.name}` }))),
);
