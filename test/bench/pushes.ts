// WeChat's signed pushes to /api/wechat, built exactly as test/helpers/wechat.ts builds them (with
// lib/wechat's own buildPushRequest): a SCAN event per scene, each with its own nonce, so no two
// requests share a (timestamp, nonce) and the replay guard never refuses one.
import http from 'node:http';
import { buildPushRequest, buildXml, decodeAesKey, randomNonce } from '../../lib/wechat';
import { scanEvent } from '../helpers/wechat';
import { SIMULATOR_ACCOUNT } from '../../lib/config';

export type PushMode = 'plaintext' | 'safe';

export interface BuiltPush {
  path: string;
  body: string;
}

export function buildScanPush(opts: {
  sceneId: string;
  openid: string;
  mode: PushMode;
  encodingAesKey: string;
  now?: number;
}): BuiltPush {
  const seconds = Math.floor((opts.now ?? Date.now()) / 1000);
  const fields = scanEvent(opts.openid, opts.sceneId, true, seconds);
  const messageXml = buildXml({ ToUserName: 'gh_webind', ...fields });
  const req = buildPushRequest({
    token: SIMULATOR_ACCOUNT.token,
    messageXml,
    timestamp: String(seconds),
    nonce: randomNonce(),
    mode: opts.mode,
    appId: SIMULATOR_ACCOUNT.appId,
    aesKey: opts.mode === 'safe' ? decodeAesKey(opts.encodingAesKey) : undefined,
    openid: opts.openid,
  });
  return { path: `/api/wechat?${new URLSearchParams(req.query as Record<string, string>)}`, body: req.rawBody };
}

/** Sends one push over a keep-alive agent; resolves with the status once the reply is read. */
export function sendPush(
  agent: http.Agent,
  port: number,
  push: BuiltPush,
  onSent?: () => void,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: push.path,
        agent,
        headers: { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(push.body) },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    // An overloaded server (the polling baseline) may hold a push for long: give up after 15 s.
    req.setTimeout(15_000, () => req.destroy(new Error('webhook push timed out after 15 s')));
    req.end(push.body);
    onSent?.();
  });
}

/** A follower's text message (plaintext mode), with its own MsgId and nonce: WeChat's `text` push. */
export function buildTextPush(opts: { openid: string; content: string; msgId: string; now?: number }): BuiltPush {
  const seconds = Math.floor((opts.now ?? Date.now()) / 1000);
  const messageXml = buildXml({
    ToUserName: 'gh_webind',
    FromUserName: opts.openid,
    CreateTime: String(seconds),
    MsgType: 'text',
    Content: opts.content,
    MsgId: opts.msgId,
  });
  const req = buildPushRequest({
    token: SIMULATOR_ACCOUNT.token,
    messageXml,
    timestamp: String(seconds),
    nonce: randomNonce(),
    openid: opts.openid,
  });
  return { path: `/api/wechat?${new URLSearchParams(req.query as Record<string, string>)}`, body: req.rawBody };
}
