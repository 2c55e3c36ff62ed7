import type { Namespace, Server as SocketServer } from 'socket.io';
import { isAdmin } from '../lib/admin/is-admin';
import { readSession, SESSION_COOKIE } from '../lib/auth/sessions';
import type { MetricsRecorder } from '../lib/metrics/recorder';
import {
  ADMIN_NAMESPACE,
  type AdminClientToServer,
  type AdminServerToClient,
  type ChartPoint,
  MINUTE_MS,
  WINDOW_MINUTES,
} from '../lib/metrics/series';
import type { Services } from '../lib/services';
import { parseCookies } from './realtime';

const ADMINS_ROOM = 'admins';

/**
 * Namespace /admin: the console's live charts. Only a session of an administrator connects (others get
 * `connect_error` "forbidden"); `history` answers the last hour per instance, then `point`s follow.
 */
export function attachAdminSocket(io: SocketServer, services: Services, recorder: MetricsRecorder) {
  const nsp = io.of(ADMIN_NAMESPACE) as Namespace<AdminClientToServer, AdminServerToClient>;
  nsp.use((socket, next) => {
    const token = parseCookies(socket.handshake.headers.cookie)[SESSION_COOKIE];
    readSession(services, token).then(
      (found) => (found && isAdmin(services.config, found.user) ? next() : next(new Error('forbidden'))),
      () => next(new Error('forbidden')),
    );
  });
  nsp.on('connection', (socket) => {
    socket.join(ADMINS_ROOM);
    socket.on('history', async (ack) => {
      if (typeof ack !== 'function') return;
      try {
        const since = Math.floor(services.now() / MINUTE_MS) * MINUTE_MS - (WINDOW_MINUTES - 1) * MINUTE_MS;
        const live = recorder.point();
        const rows: ChartPoint[] = (await services.db.ops.minutesSince(since))
          .filter((r) => !(r.instance === live.instance && r.minute === live.minute))
          .map((r) => ({ minute: r.minute, instance: r.instance, values: r.data }));
        ack({ ok: true, points: [...rows, live] });
      } catch (err) {
        services.log.error({ err }, 'admin history failed');
        ack({ ok: false, code: 'internal' });
      }
    });
  });
  return {
    emit(point: ChartPoint) {
      nsp.to(ADMINS_ROOM).emit('point', point);
    },
    /** Admin consoles connected to this instance. */
    watching: () => nsp.sockets.size > 0,
  };
}
