// node-webot's `wechat` 2.1.0 ships no types; the benchmark's comparison server uses only its middleware.
declare module 'wechat' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  function wechat(
    config: { token: string; appid?: string; encodingAESKey?: string; checkSignature?: boolean },
    handler: (req: IncomingMessage, res: ServerResponse & { reply(text: string): void }) => void,
  ): (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  export default wechat;
}
