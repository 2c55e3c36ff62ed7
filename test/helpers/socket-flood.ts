// A hostile client, run as its own process: `tsx test/helpers/socket-flood.ts URL SOCKETS SECONDS WATCH_TOKEN`.
// Each socket emits `watch` (with a valid token: each one served costs a scene read) as fast as it can and
// reconnects at once when the server drops it; prints one JSON line of counts.
import { io } from 'socket.io-client';

const [url, socketsArg, secondsArg, watchToken] = process.argv.slice(2);
const stats = { sent: 0, ok: 0, limited: 0, otherAcks: 0, disconnects: 0, refusedConnects: 0 };
const until = Date.now() + Number(secondsArg) * 1000;

for (let i = 0; i < Number(socketsArg); i++) {
  const socket = io(`${url}/scan`, {
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 0,
    reconnectionDelayMax: 0,
  });
  socket.on('disconnect', (reason) => {
    stats.disconnects++;
    // Socket.IO does not reconnect after a server-side disconnect; an attacker does.
    if (reason === 'io server disconnect' && Date.now() < until) socket.connect();
  });
  socket.on('connect_error', () => stats.refusedConnects++);
  const pump = () => {
    if (Date.now() > until) return;
    if (socket.connected) {
      for (let n = 0; n < 200; n++) {
        stats.sent++;
        socket.emit('watch', { watchToken }, (ack: { ok: boolean; code?: string }) => {
          if (ack.ok) stats.ok++;
          else if (ack.code === 'rate_limited') stats.limited++;
          else stats.otherAcks++;
        });
      }
    }
    setImmediate(pump);
  };
  socket.on('connect', pump);
}

setTimeout(
  () => {
    process.stdout.write(`${JSON.stringify(stats)}\n`);
    process.exit(0);
  },
  Number(secondsArg) * 1000 + 300,
);
