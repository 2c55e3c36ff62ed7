// POST /api/v1/messages: send a text or template message to a bound host user.
import { SendMessageInput } from '@/lib/host/schemas';
import { sendHostMessage } from '@/lib/host/send-host-message';
import { withApiKey } from '@/lib/http/api-route';
import { readJson } from '@/lib/http/route';
import { services } from '@/lib/services';

export const POST = withApiKey(async ({ req }) =>
  Response.json(await sendHostMessage(services(), await readJson(req, SendMessageInput))),
);
