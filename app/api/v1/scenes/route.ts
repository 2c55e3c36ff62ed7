// POST /api/v1/scenes: a bind QR for a host site's own user, or a login QR.
import { createHostScene } from '@/lib/host/create-host-scene';
import { CreateHostSceneInput } from '@/lib/host/schemas';
import { withApiKey } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/route';
import { services } from '@/lib/services';

export const POST = withApiKey(async ({ req, key }) => {
  const input = await readJson(req, CreateHostSceneInput);
  return Response.json(await createHostScene(services(), { key, input }), { status: 201 });
});
