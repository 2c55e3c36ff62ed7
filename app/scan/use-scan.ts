'use client';
import { useEffect, useRef, useState } from 'react';
import type { ScanUpdate, WatchAck } from '@/lib/realtime/events';
import { listen, scanSocket } from './scan-socket';

export type Connection = 'connecting' | 'online' | 'offline';

/**
 * Watches one scene over Socket.IO: the server answers `watch` with the current state and then pushes
 * every change. After a dropped connection it watches again and so gets whatever it missed.
 * `onUpdate` runs as each update arrives, before the next socket message: a later push on the same socket
 * (an `account` that unmounts the QR) cannot get in ahead of it the way it could ahead of an effect.
 */
export function useScan(watch: { sceneId: string; watchToken: string } | null, onUpdate?: (u: ScanUpdate) => void) {
  const [update, setUpdate] = useState<ScanUpdate | null>(null);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [watchError, setWatchError] = useState<string | null>(null);
  const token = useRef(watch?.watchToken);
  token.current = watch?.watchToken;
  const handler = useRef(onUpdate);
  handler.current = onUpdate;
  const sceneId = watch?.sceneId;

  useEffect(() => {
    const socket = scanSocket();
    const sendWatch = () => {
      if (!sceneId || !token.current) return;
      socket.emit('watch', { watchToken: token.current }, (ack: WatchAck) =>
        setWatchError(ack.ok ? null : ack.message),
      );
    };
    return listen(socket, {
      connect: () => {
        setConnection('online');
        sendWatch();
      },
      disconnect: () => setConnection('offline'),
      scan: (u) => {
        if (u.sceneId !== sceneId) return;
        setUpdate(u);
        handler.current?.(u);
      },
    });
  }, [sceneId]);

  // An update belongs to the scene it names: a new QR starts with no status of its own.
  return { update: update?.sceneId === sceneId ? update : null, connection, watchError };
}
