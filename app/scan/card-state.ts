import type { ScanUpdate } from '@/lib/realtime/events';
import { isFinal } from '@/lib/scene/status';

/** How many times an expired QR is replaced without a click, while the page stays visible. */
export const AUTO_REFRESH_ROUNDS = 3;

/** The scene lifecycle's own list (lib/scene/status), shared with the server. */
export const isFinalStatus = isFinal;

/** Every look the QR card can have; each has an icon, a headline and at most one action. */
export type CardState =
  | 'loading'
  | 'waiting'
  | 'confirming'
  | 'success'
  | 'cancelled'
  | 'conflict'
  | 'unbound'
  | 'refreshing'
  | 'expired'
  | 'offline'
  | 'rate_limited'
  | 'quota'
  | 'error';

/** Where the card's QR request stands, apart from what the socket pushes. */
export type Request =
  | { kind: 'idle' }
  | { kind: 'creating' }
  | { kind: 'ready' }
  | { kind: 'rate_limited'; retryAt: number }
  | { kind: 'quota' }
  | { kind: 'error'; message: string };

export interface CardInput {
  request: Request;
  hasQr: boolean;
  update: ScanUpdate | null;
  expired: boolean;
  roundsLeft: boolean;
  offline: boolean;
}

/** One place that decides what the card shows; the order is the precedence. */
export function cardState({ request, hasQr, update, expired, roundsLeft, offline }: CardInput): CardState {
  if (request.kind === 'quota') return 'quota';
  if (request.kind === 'rate_limited') return 'rate_limited';
  if (request.kind === 'error') return 'error';
  const status = update?.status ?? 'pending';
  if (hasQr && isFinalStatus(status)) {
    if (status === 'cancelled') return 'cancelled';
    if (status === 'conflict') return 'conflict';
    if (status === 'needs_binding') return 'unbound';
    return 'success';
  }
  if (request.kind === 'creating') return hasQr ? 'refreshing' : 'loading';
  if (!hasQr) return 'loading';
  if (expired) return roundsLeft ? 'refreshing' : 'expired';
  if (offline) return 'offline';
  return status === 'confirming' ? 'confirming' : 'waiting';
}

/** `mm:ss` for a countdown. */
export function mmss(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
