import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
  headers: Record<string, string>;
}

/**
 * A host site's webhook endpoint: verifies each request with the `standardwebhooks` library (an
 * implementation independent of the sender's wiring), answers with `respond`, and keeps what it
 * accepted once per webhook-id, as a real receiver deduplicating retries would.
 */
export class WebhookReceiver {
  secret = '';
  /** Every request, verified or not, with the status answered. */
  readonly requests: Array<{ id: string; status: number; verified: boolean }> = [];
  /** Verified, accepted (2xx) events, first time per id only. */
  readonly accepted: ReceivedEvent[] = [];
  /** How many accepted (2xx) requests each id got. */
  readonly acceptedCount = new Map<string, number>();
  respond: (req: IncomingMessage, n: number) => number | 'hang' = () => 204;
  private waiters: Array<() => void> = [];
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        let event: ReceivedEvent | null = null;
        try {
          const payload = new Webhook(this.secret).verify(body, headers) as {
            type: string;
            data: Record<string, unknown>;
          };
          event = { id: headers['webhook-id'], type: payload.type, data: payload.data, headers };
        } catch {
          event = null;
        }
        const answer = event ? this.respond(req, this.requests.length) : 400;
        if (answer === 'hang') {
          this.requests.push({ id: headers['webhook-id'] ?? '', status: 0, verified: !!event });
          return; // never answer: the sender's timeout (or its death) decides
        }
        this.requests.push({ id: headers['webhook-id'] ?? '', status: answer, verified: !!event });
        if (event && answer >= 200 && answer < 300) {
          const n = (this.acceptedCount.get(event.id) ?? 0) + 1;
          this.acceptedCount.set(event.id, n);
          if (n === 1) this.accepted.push(event);
        }
        res.writeHead(answer, { 'content-type': 'text/plain' });
        res.end(answer >= 200 && answer < 300 ? 'ok' : `failing on purpose (${answer})`);
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/webind`;
    return this;
  }

  /** Resolves with the first accepted event matching `pred`, or rejects after `ms`. */
  async waitFor(pred: (e: ReceivedEvent) => boolean, ms = 10_000): Promise<ReceivedEvent> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.accepted.find(pred);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching webhook within ${ms} ms; got ${JSON.stringify(this.accepted.map((e) => e.type))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
