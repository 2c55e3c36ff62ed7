/**
 * Socket.IO events, declared once and imported by the server (`new Server<…>`) and the browser
 * (`useScan`). Namespace `/scan`: the browser emits `watch { watchToken }` and receives `scan`
 * updates for that scene; a signed-in socket also receives `account` when its binding changes.
 */
import { type ConflictReason, PUBLIC_SCENE_STATUSES, type PublicSceneStatus, type ScenePurpose } from '../scene/status';

export const SCAN_NAMESPACE = '/scan';

/** Statuses, purposes and conflict reasons are the scene lifecycle's (lib/scene/status.ts). */
export const SCAN_STATUSES = PUBLIC_SCENE_STATUSES;
export type ScanStatus = PublicSceneStatus;
export type ScanPurpose = ScenePurpose;
export type { ConflictReason };

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

/** The live board of an offline event (issue 19): the count against capacity and the latest arrivals. */
export interface BoardUpdate {
  eventId: number;
  checkedIn: number;
  capacity: number;
  /** Newest first; names masked (a***@example.com). */
  latest: Array<{ arrival: number; name: string; at: number }>;
}

export type BoardAck = { ok: true; board: BoardUpdate } | { ok: false; code: string; message: string };

export interface ServerToClientEvents {
  scan: (update: ScanUpdate) => void;
  account: (update: AccountUpdate) => void;
  board: (update: BoardUpdate) => void;
}

export interface ClientToServerEvents {
  watch: (payload: { watchToken: string }, ack: (result: WatchAck) => void) => void;
  /** Administrators only: joins an event's board and answers with its current state. */
  board: (payload: { eventId: number }, ack: (result: BoardAck) => void) => void;
}

export const sceneRoom = (sceneId: string) => `scene:${sceneId}`;
export const userRoom = (userId: number) => `user:${userId}`;
export const boardRoom = (eventId: number) => `board:${eventId}`;

/** Server side: how the domain announces a committed change (implemented over Socket.IO by server/). */
export interface Notifier {
  scene(update: ScanUpdate): void;
  account(userId: number, update: AccountUpdate): void;
  board(update: BoardUpdate): void;
}
