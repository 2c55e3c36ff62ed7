'use client';
import { io, type Socket } from 'socket.io-client';
import { SCAN_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '@/lib/realtime/events';

export type ScanSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: ScanSocket | null = null;

/** One Socket.IO connection per page, WebSocket first; it reconnects by itself. */
export function scanSocket(): ScanSocket {
  socket ??= io(SCAN_NAMESPACE, { transports: ['websocket', 'polling'], withCredentials: true });
  return socket;
}
