import type { Namespace, Server as SocketServer } from 'socket.io';
import { SimulatorActionError, type Phone } from './phone';
import {
  SIM_NAMESPACE,
  type PhoneAction,
  type SimClientToServer,
  type SimServerToClient,
  type SimStateView,
} from './types';
import { userView, type SimWorld } from './world';

const ACTIONS = new Set(['follow', 'unfollow', 'scan', 'send', 'click', 'view']);

/**
 * Namespace /sim for the phone page: `hello` returns the state, `timeline` a user's chat, `createUser`
 * and `act` drive a user; the server pushes `state` on every change and `entry` for each new chat line.
 */
export function attachPhoneSocket(
  io: SocketServer,
  ctx: { world: SimWorld; phone: Phone; state: () => SimStateView },
): () => void {
  const nsp = io.of(SIM_NAMESPACE) as unknown as Namespace<SimClientToServer, SimServerToClient>;
  const { world, phone } = ctx;

  // Many changes in one tick (a scan follows and notices) become one `state` message.
  let scheduled = false;
  const offChange = world.on('change', () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      nsp.emit('state', ctx.state());
    });
  });
  const offEntry = world.on('entry', (openid, entry) => nsp.emit('entry', { openid, entry }));

  nsp.on('connection', (socket) => {
    socket.on('hello', (ack) => {
      if (typeof ack === 'function') ack(ctx.state());
    });
    socket.on('timeline', (payload, ack) => {
      if (typeof ack !== 'function') return;
      const user = typeof payload?.openid === 'string' ? world.users.get(payload.openid) : undefined;
      ack(user ? user.timeline : []);
    });
    socket.on('createUser', (payload, ack) => {
      if (typeof ack !== 'function') return;
      const nickname = typeof payload?.nickname === 'string' ? payload.nickname.trim() : '';
      if (!nickname) return ack({ ok: false, message: 'nickname required' });
      ack({ ok: true, user: userView(world.createUser(nickname)) });
    });
    socket.on('act', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      const user = typeof payload?.openid === 'string' ? world.users.get(payload.openid) : undefined;
      const action = payload?.action as PhoneAction | undefined;
      if (!user || !action || !ACTIONS.has(action.type)) return ack({ ok: false, message: 'unknown user or action' });
      try {
        const result = await phone.act(user, action);
        ack({ ok: true, outcome: result.outcome });
      } catch (err) {
        if (err instanceof SimulatorActionError) return ack({ ok: false, message: err.code });
        ack({ ok: false, message: 'internal' });
      }
    });
  });

  return () => {
    offChange();
    offEntry();
  };
}
