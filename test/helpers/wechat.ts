import { randomBytes } from 'node:crypto';
import type { Config } from '../../lib/config';
import { buildPushRequest, buildXml, decodeAesKey, openReply, parseXml, randomNonce } from '../../lib/wechat';

export interface PushResult {
  status: number;
  body: string;
  /** The passive reply's text content, decrypted when encrypted; null for `success`. */
  reply: string | null;
}

/**
 * Sends one push to /api/wechat exactly as WeChat's servers would (signed query; encrypted in safe
 * mode when the server has an EncodingAESKey), built with lib/wechat's own sending functions.
 */
export async function pushToWebhook(
  baseUrl: string,
  config: Config,
  fields: Record<string, string | number>,
  opts: { timestamp?: string; nonce?: string; now?: number } = {},
): Promise<PushResult> {
  const seconds = Math.floor((opts.now ?? Date.now()) / 1000);
  const messageXml = buildXml({ ToUserName: 'gh_webind', CreateTime: seconds, ...fields });
  const aesKey = config.wechat.encodingAesKey ? decodeAesKey(config.wechat.encodingAesKey) : undefined;
  const req = buildPushRequest({
    token: config.wechat.token,
    messageXml,
    timestamp: opts.timestamp ?? String(seconds),
    nonce: opts.nonce ?? randomNonce(),
    mode: aesKey ? 'safe' : 'plaintext',
    appId: config.wechat.appId,
    aesKey,
    openid: String(fields.FromUserName ?? ''),
  });
  const res = await fetch(`${baseUrl}/api/wechat?${new URLSearchParams(req.query as Record<string, string>)}`, {
    method: 'POST',
    body: req.rawBody,
    headers: { 'content-type': 'text/xml' },
  });
  const body = await res.text();
  let reply: string | null = null;
  if (res.status === 200) {
    const xml = openReply({ body, token: config.wechat.token, appId: config.wechat.appId, aesKey });
    reply = xml === null ? null : (parseXml(xml).Content ?? null);
  }
  return { status: res.status, body, reply };
}

export const scanEvent = (
  openid: string,
  sceneId: string,
  following = true,
  createTime = Math.floor(Date.now() / 1000),
) => ({
  FromUserName: openid,
  CreateTime: createTime,
  MsgType: 'event',
  Event: following ? 'SCAN' : 'subscribe',
  EventKey: following ? sceneId : `qrscene_${sceneId}`,
  Ticket: randomBytes(12).toString('base64url'),
});

export const textMessage = (openid: string, content: string) => ({
  FromUserName: openid,
  MsgType: 'text',
  Content: content,
  MsgId: (BigInt(Date.now()) * 1000n + BigInt(Math.floor(Math.random() * 1000))).toString(),
});

/** The first link of a WeChat reply (its `<a href>`, with the XML's `&amp;` undone); fails the test when there is none. */
export function linkInReply(reply: string | null | undefined): string {
  const href = /href="([^"]+)"/.exec(reply ?? '')?.[1];
  if (!href) throw new Error(`no link in the reply: ${reply}`);
  return href.replace(/&amp;/g, '&');
}

/** WeChat's in-app browser on an iPhone: its User-Agent carries `MicroMessenger`. */
export const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN';
