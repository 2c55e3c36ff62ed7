import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server as SocketServer } from 'socket.io';

export interface SimulatorOptions {
  appId: string;
  appSecret: string;
  token: string;
  encodingAesKey?: string;
  /** Where the simulated WeChat delivers pushes (this app's /api/wechat). */
  webhookUrl: string;
  log?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

export interface Simulator {
  /** Serves /sim/* (the mock WeChat API and the phone page's API). */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Live updates for the phone page. */
  attach(io: SocketServer): void;
  close(): void;
}

export function createSimulator(_opts: SimulatorOptions): Simulator {
  throw new Error('simulator: being built');
}
