/**
 * Socket.IO events, declared once and imported by the server (`new Server<…>`) and the browser
 * (`useScan`). Namespace `/scan`: the browser emits `watch { watchToken }` and receives `scan`
 * updates for that scene; a signed-in socket also receives `account` when its binding changes.
 */
export const SCAN_NAMESPACE = '/scan';

export const SCAN_STATUSES = [
  'pending',
  'bound',
  'conflict',
  'confirming',
  'login_ready',
  'cancelled',
  'needs_binding',
  'code_sent',
  'expired',
] as const;
export type ScanStatus = (typeof SCAN_STATUSES)[number];

export type ScanPurpose = 'bind' | 'login' | 'verify';

/** Why a bind was refused; each has a message in both languages (`scan.conflict.<reason>`). */
export type ConflictReason = 'openid_taken' | 'user_taken' | 'used' | 'expired';

export interface ScanUpdate {
  sceneId: string;
  status: ScanStatus;
  purpose: ScanPurpose;
  expiresAt: number;
  /** For `conflict`: why. */
  reason?: ConflictReason;
  /** For `bound` / `code_sent`: the account, masked (a***@example.com). */
  account?: string;
}

export type WatchAck = { ok: true } | { ok: false; code: string; message: string };

export interface AccountUpdate {
  wechat: { openid: string; boundAt: number; subscribed: boolean } | null;
}

export interface ServerToClientEvents {
  scan: (update: ScanUpdate) => void;
  account: (update: AccountUpdate) => void;
}

export interface ClientToServerEvents {
  watch: (payload: { watchToken: string }, ack: (result: WatchAck) => void) => void;
}

export const sceneRoom = (sceneId: string) => `scene:${sceneId}`;
export const userRoom = (userId: number) => `user:${userId}`;

/** Server side: how the domain announces a committed change (implemented over Socket.IO by server/). */
export interface Notifier {
  scene(update: ScanUpdate): void;
  account(userId: number, update: AccountUpdate): void;
}
