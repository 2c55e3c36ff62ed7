// npm run webhooks -- add URL [--events a,b] | list | remove ID | deliveries [EVENT_ID] | resend ID
import { addWebhookEndpoint } from '../lib/webhooks/endpoints';
import { WEBHOOK_EVENT_TYPES } from '../lib/webhooks/event-types';
import { runCli } from './cli';

const USAGE = `usage:
  npm run webhooks -- add URL [--events a,b]   add an endpoint (prints its whsec_ secret once)
  npm run webhooks -- list                     list endpoints
  npm run webhooks -- remove ID                remove an endpoint
  npm run webhooks -- deliveries [EVENT_ID]    the delivery log (latest 50, or one event's), with attempts
  npm run webhooks -- resend ID                send a delivery (number) or every delivery of an event (msg_…) again
event types: ${WEBHOOK_EVENT_TYPES.join(', ')}`;

const iso = (ms: number | null) => (ms ? new Date(ms).toISOString() : '-');

void runCli(USAGE, async (db, [command, arg, ...rest]) => {
  const { webhooks } = db.repos;
  const now = Date.now();
  switch (command) {
    case 'add': {
      if (!arg) throw new Error('add needs a URL');
      const at = rest.indexOf('--events');
      const events = at >= 0 ? (rest[at + 1] ?? '').split(',').filter(Boolean) : null;
      if (at >= 0 && !events?.length) throw new Error('--events needs a comma-separated list');
      const endpoint = await addWebhookEndpoint(db.repos, { url: arg, events }, now);
      console.log(endpoint.secret);
      console.error(
        `Endpoint ${endpoint.id} → ${endpoint.url} (${endpoint.events?.join(',') ?? 'all events'}). The secret is shown only once.`,
      );
      return;
    }
    case 'list':
      for (const e of await webhooks.listEndpoints())
        console.log([e.id, e.url, e.events?.join(',') ?? 'all events', `created ${iso(e.createdAt)}`].join('\t'));
      return;
    case 'remove':
      if (!arg || !(await webhooks.removeEndpoint(arg))) throw new Error(`no endpoint ${arg ?? ''}`);
      console.log(`Endpoint ${arg} removed.`);
      return;
    case 'deliveries':
      for (const d of await webhooks.listDeliveries({ eventId: arg, limit: 50 })) {
        console.log(
          [
            d.id,
            d.eventId,
            d.type,
            d.endpointId,
            d.status,
            `attempts ${d.attempts}`,
            `last ${d.lastStatus ?? '-'}`,
            `next ${iso(d.status === 'pending' ? d.nextAttemptAt : null)}`,
          ].join('\t'),
        );
        if (arg)
          for (const a of await webhooks.listAttempts(d.id))
            console.log(
              `    ${iso(a.at)}\t${a.status ?? 'no answer'}\t${a.durationMs} ms\t${(a.response ?? '').replace(/\s+/g, ' ').slice(0, 120)}`,
            );
      }
      return;
    case 'resend': {
      if (!arg) throw new Error('resend needs a delivery number or an event id');
      const count = await webhooks.resend(/^\d+$/.test(arg) ? { deliveryId: Number(arg) } : { eventId: arg }, now);
      if (count === 0) throw new Error(`nothing to resend for ${arg}`);
      console.log(
        `${count} deliver${count === 1 ? 'y' : 'ies'} queued again (a running server sends within a second).`,
      );
      return;
    }
    default:
      console.error(USAGE);
      process.exitCode = 1;
  }
});
