'use client';
import { useEffect, useState } from 'react';
import type { BoardUpdate } from '@/lib/realtime/events';
import { useT } from '../../../../i18n-provider';
import { listen, scanSocket } from '../../../../scan/scan-socket';

/** The big screen: pushed over Socket.IO on each arrival (no polling); rejoins after a reconnect. */
export function LiveBoard({ eventId, initial }: { eventId: number; initial: BoardUpdate }) {
  const t = useT();
  const [board, setBoard] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const socket = scanSocket();
    const join = () =>
      socket.emit('board', { eventId }, (ack) => {
        if (ack.ok) {
          setError(null);
          setBoard(ack.board);
        } else setError(ack.message);
      });
    return listen(socket, {
      board: (update) => {
        if (update.eventId === eventId) setBoard(update);
      },
      connect: join,
    });
  }, [eventId]);
  return (
    <div className="stack live-board">
      <p className="board-count" data-testid="board-count" style={{ fontSize: '4rem', fontWeight: 700 }}>
        {board.checkedIn} / {board.capacity}
      </p>
      <p className="hint">{t('events.checkedIn')}</p>
      <ol className="board-latest" data-testid="board-latest" aria-live="polite">
        {board.latest.map((a) => (
          <li key={a.arrival} data-arrival={a.arrival}>
            #{a.arrival} {a.name}
          </li>
        ))}
      </ol>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
