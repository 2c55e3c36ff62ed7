import type { Server as SocketServer } from 'socket.io';
import { publishBarrier } from './adapter';
import { throwUnlessAdmin } from '../lib/admin/is-admin';
import { readSession, SESSION_COOKIE } from '../lib/auth/sessions';
import { eventBoard } from '../lib/events/board';
import { isAppError, NotFoundError, RateLimitedError, UnauthorizedError } from '../lib/errors';
import { LOCALE_COOKIE, pickLocale, t } from '../lib/i18n';
import {
  SCAN_NAMESPACE,
  boardRoom,
  type BoardAck,
  sceneRoom,
  userRoom,
  type ClientToServerEvents,
  type Notifier,
  type ServerToClientEvents,
  type WatchAck,
} from '../lib/realtime/events';
import { sceneUpdate } from '../lib/scene/publish';
import { verifyWatchToken } from '../lib/scene/watch-token';
import type { Services } from '../lib/services';
import { limitSocketEvents } from './socket-limits';

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return out;
}

/**
 * Namespace /scan: `watch { watchToken }` joins one scene's room only with a valid, unexpired token
 * and answers with the scene's current state at once, so a browser that reconnects loses nothing.
 * A socket carrying a session cookie also joins its user's room for `account` updates.
 */
export function attachRealtime(io: SocketServer, services: Services): Notifier & { flush: () => Promise<void> } {
  const nsp = io.of(SCAN_NAMESPACE) as unknown as import('socket.io').Namespace<
    ClientToServerEvents,
    ServerToClientEvents
  >;

  nsp.on('connection', async (socket) => {
    const cookies = parseCookies(socket.handshake.headers.cookie);
    const locale = pickLocale(cookies[LOCALE_COOKIE], socket.handshake.headers['accept-language']);
    /** The socket transport's one error mapping: an AppError's code and message, anything else `internal`. */
    const ackError = (err: unknown): WatchAck => {
      if (isAppError(err)) return { ok: false, code: err.code, message: t(locale, `error.${err.code}`, err.params) };
      services.log.error({ err }, 'watch failed');
      return { ok: false, code: 'internal', message: t(locale, 'error.internal') };
    };
    const { eventsPerSecond } = services.config.sockets;
    limitSocketEvents(socket, {
      perSecond: eventsPerSecond,
      burst: Math.max(4, Math.ceil(eventsPerSecond * 4)),
      refused: () => ackError(new RateLimitedError()),
    });

    socket.on('watch', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      try {
        const token =
          typeof payload === 'object' && payload !== null
            ? (payload as { watchToken?: unknown }).watchToken
            : undefined;
        const sceneId = verifyWatchToken(services.config.appSecret, token, services.now());
        if (!sceneId) throw new UnauthorizedError('watch_token_invalid');
        // One scene per socket: a page watches the QR it shows now, not every QR it ever showed.
        for (const room of socket.rooms)
          if (room.startsWith('scene:') && room !== sceneRoom(sceneId)) socket.leave(room);
        // Join before reading, so a change committed in between is pushed rather than missed.
        socket.join(sceneRoom(sceneId));
        const scene = await services.repos.scenes.get(sceneId);
        if (!scene) {
          socket.leave(sceneRoom(sceneId));
          throw new NotFoundError('scene_not_found');
        }
        ack({ ok: true });
        socket.emit('scan', sceneUpdate(scene, services.now()));
      } catch (err) {
        ack(ackError(err));
      }
    });

    // The live board of an event (issue 19): administrators only (ADMIN_EMAILS), checked on each request.
    socket.on('board', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      try {
        const eventId =
          typeof payload === 'object' && payload !== null ? (payload as { eventId?: unknown }).eventId : null;
        if (typeof eventId !== 'number' || !Number.isSafeInteger(eventId) || eventId <= 0)
          throw new NotFoundError('not_found');
        const viewer = await readSession(services, cookies[SESSION_COOKIE]).catch(() => null);
        if (!viewer) throw new UnauthorizedError('unauthorized');
        throwUnlessAdmin(services.config, viewer.user);
        socket.join(boardRoom(eventId));
        const board = await eventBoard(services, eventId);
        if (!board) {
          socket.leave(boardRoom(eventId));
          throw new NotFoundError('not_found');
        }
        ack({ ok: true, board });
      } catch (err) {
        ack(ackError(err) as BoardAck);
      }
    });

    const session = await readSession(services, cookies[SESSION_COOKIE]).catch(() => null);
    if (session && socket.connected) socket.join(userRoom(session.user.id));
  });

  return {
    flush: publishBarrier(nsp.adapter),
    scene: (update) => nsp.to(sceneRoom(update.sceneId)).emit('scan', update),
    account: (userId, update) => nsp.to(userRoom(userId)).emit('account', update),
    board: (update) => nsp.to(boardRoom(update.eventId)).emit('board', update),
  };
}
