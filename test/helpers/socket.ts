import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  ScanStatus,
  ScanUpdate,
  ServerToClientEvents,
  WatchAck,
  AccountUpdate,
} from '../../lib/realtime/events';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A browser stand-in on /scan that records every update it receives. */
export class ScanWatcher {
  readonly updates: ScanUpdate[] = [];
  readonly accounts: AccountUpdate[] = [];
  readonly socket: TestSocket;
  private waiters: Array<() => void> = [];

  constructor(baseUrl: string, opts: { cookie?: string; origin?: string } = {}) {
    this.socket = io(`${baseUrl}/scan`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: {
        ...(opts.cookie ? { cookie: opts.cookie } : {}),
        ...(opts.origin ? { origin: opts.origin } : {}),
      },
    });
    this.socket.on('scan', (u) => {
      this.updates.push(u);
      this.wake();
    });
    this.socket.on('account', (u) => {
      this.accounts.push(u);
      this.wake();
    });
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  connected(): Promise<void> {
    return this.socket.connected
      ? Promise.resolve()
      : new Promise((resolve, reject) => {
          this.socket.once('connect', () => resolve());
          this.socket.once('connect_error', reject);
        });
  }

  async watch(watchToken: unknown): Promise<WatchAck> {
    await this.connected();
    return this.socket.timeout(5000).emitWithAck('watch', { watchToken } as { watchToken: string });
  }

  /** Resolves with the first update (from now or already received) that matches. */
  async waitFor(pred: (u: ScanUpdate) => boolean, timeoutMs = 5000): Promise<ScanUpdate> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.updates.find(pred);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching update within ${timeoutMs} ms; got ${JSON.stringify(this.updates)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  waitForStatus(sceneId: string, status: ScanStatus, timeoutMs?: number) {
    return this.waitFor((u) => u.sceneId === sceneId && u.status === status, timeoutMs);
  }

  async waitForAccount(pred: (u: AccountUpdate) => boolean, timeoutMs = 5000): Promise<AccountUpdate> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.accounts.find(pred);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('no matching account update');
  }

  close() {
    this.socket.close();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
