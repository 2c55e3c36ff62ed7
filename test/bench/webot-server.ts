// The comparison server: node-webot's `wechat` middleware (npm `wechat` 2.1.0, MIT), the long-standing
// Node.js library for WeChat's passive replies, on a bare node:http server in a process of its own.
// It checks the signature, parses the XML and answers every text message with a text of the same
// length as WeBind's bind-link reply. It keeps no replay or dedup record (WeBind writes both).
//   PORT=… WEBOT_REPLY=… node --import tsx test/bench/webot-server.ts
import http from 'node:http';
import wechat from 'wechat';
import { SIMULATOR_ACCOUNT } from '../../lib/config';

const reply = process.env.WEBOT_REPLY ?? 'ok';
const middleware = wechat(
  { token: SIMULATOR_ACCOUNT.token, appid: SIMULATOR_ACCOUNT.appId, checkSignature: true },
  (_req, res) => res.reply(reply),
);

http
  .createServer((req, res) => {
    // The middleware reads `req.query` (what Express's query parser would set).
    (req as http.IncomingMessage & { query: Record<string, string> }).query = Object.fromEntries(
      new URL(req.url ?? '/', 'http://localhost').searchParams,
    );
    middleware(req, res, () => {
      res.statusCode = 404;
      res.end();
    });
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => console.log('up'));
