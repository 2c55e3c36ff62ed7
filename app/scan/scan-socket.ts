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

type Listeners = { [E in keyof ServerToClientEvents]?: ServerToClientEvents[E] } & {
  connect?: () => void;
  disconnect?: () => void;
};

/**
 * Listens on the page's socket until the returned function is called (an effect's cleanup). `connect` also
 * runs at once when the socket is already connected: it is shared by the page and may have connected before.
 */
export function listen(socket: ScanSocket, listeners: Listeners): () => void {
  // One cast: Socket.IO types `on` per event name, not over a map of them.
  const entries = Object.entries(listeners) as [Parameters<ScanSocket['on']>[0], () => void][];
  for (const [event, listener] of entries) socket.on(event, listener);
  if (socket.connected) listeners.connect?.();
  return () => {
    for (const [event, listener] of entries) socket.off(event, listener);
  };
}
