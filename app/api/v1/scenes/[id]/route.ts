// GET /api/v1/scenes/{id}: a server API scene's state; a login's result names the bound externalUserId.
import { getHostScene } from '@/lib/host/get-host-scene';
import { withApiKey } from '@/lib/http/api-route';
import { services } from '@/lib/services';

export const GET = withApiKey(async ({ params }) => Response.json(await getHostScene(services(), params.id ?? '')));
