// GET /api/v1/bindings?externalUserId=… | ?openid=…: look a host user's binding up.
import { bindingView, findHostBindings } from '@/lib/host/host-bindings';
import { BindingsQuery } from '@/lib/host/schemas';
import { withApiKey } from '@/lib/http/api-route';
import { parseQuery } from '@/lib/http/query';
import { services } from '@/lib/services';

export const GET = withApiKey(async ({ req }) => {
  const query = parseQuery(req, BindingsQuery);
  return Response.json({ bindings: (await findHostBindings(services(), query)).map(bindingView) });
});
