import { createHash } from 'node:crypto';
import { WeChatXmlError } from './errors';
import type { XmlFields } from './xml';

interface CommonFields {
  /** The Official Account's original id (gh_…). */
  toUserName: string;
  /** The user's openid. */
  fromUserName: string;
  /** Seconds since the epoch, as WeChat sent it. */
  createTime: string;
  /** Every field of the message, untouched. */
  raw: XmlFields;
}

/** A follow; `scene` is set when the user followed by scanning a parametric QR (`qrscene_` stripped). */
export interface SubscribeMessage extends CommonFields {
  kind: 'subscribe';
  scene?: string;
  ticket?: string;
}

/** An existing follower scanned a parametric QR; `scene` is the EventKey as is. */
export interface ScanMessage extends CommonFields {
  kind: 'scan';
  scene: string;
  ticket?: string;
}

export interface UnsubscribeMessage extends CommonFields {
  kind: 'unsubscribe';
}

export interface TextMessage extends CommonFields {
  kind: 'text';
  content: string;
  msgId?: string;
}

export interface ClickMessage extends CommonFields {
  kind: 'click';
  eventKey: string;
}

export interface ViewMessage extends CommonFields {
  kind: 'view';
  url: string;
}

/** Delivery report of a template message; `status` is e.g. `success` or `failed:user block`. */
export interface TemplateSendJobFinishMessage extends CommonFields {
  kind: 'template_send_job_finish';
  msgId: string;
  status: string;
}

/**
 * 授权用户信息变更 (https://developers.weixin.qq.com/doc/service/guide/h5/authorization_change.html):
 * `user_authorization_revoke` (the user withdrew an authorization: delete their data),
 * `user_authorization_cancellation` (the user deleted their WeChat account: delete their data) and
 * `user_info_modified` (WeChat cleaned up the profile: refresh or drop what you copied). The user is in
 * `OpenID`; FromUserName is WeChat's push service, not the user.
 */
export interface AuthorizationChangeMessage extends CommonFields {
  kind: 'user_authorization_revoke' | 'user_authorization_cancellation' | 'user_info_modified';
  openid: string;
  /** What was withdrawn (`RevokeInfo`, e.g. 205 nickname and avatar), when WeChat says. */
  revokeInfo?: string;
}

/** Anything else (images, locations, menu scans…): the raw fields are kept. */
export interface UnknownMessage extends CommonFields {
  kind: 'unknown';
  msgType: string;
  event?: string;
}

export type WeChatMessage =
  | SubscribeMessage
  | ScanMessage
  | UnsubscribeMessage
  | TextMessage
  | ClickMessage
  | ViewMessage
  | TemplateSendJobFinishMessage
  | AuthorizationChangeMessage
  | UnknownMessage;

export type WeChatMessageKind = WeChatMessage['kind'];

const QR_SCENE_PREFIX = 'qrscene_';
const MAX_READABLE_KEY = 256;

/**
 * Turns parsed XML fields into a typed message. Throws `WeChatXmlError('missing_field')` when
 * ToUserName, FromUserName, CreateTime or MsgType is missing or empty.
 */
export function normalizeMessage(fields: XmlFields): WeChatMessage {
  const common: CommonFields = {
    toUserName: required(fields, 'ToUserName'),
    fromUserName: required(fields, 'FromUserName'),
    createTime: required(fields, 'CreateTime'),
    raw: fields,
  };
  const msgType = required(fields, 'MsgType');
  if (msgType === 'text') {
    return { ...common, kind: 'text', content: fields.Content ?? '', ...optional('msgId', fields.MsgId) };
  }
  if (msgType !== 'event') return { ...common, kind: 'unknown', msgType };

  const event = fields.Event ?? '';
  const eventKey = fields.EventKey ?? '';
  // WeChat spells events in mixed case (subscribe, SCAN, CLICK); compare without case.
  switch (event.toLowerCase()) {
    case 'subscribe': {
      const scene = eventKey.startsWith(QR_SCENE_PREFIX) ? eventKey.slice(QR_SCENE_PREFIX.length) : '';
      return { ...common, kind: 'subscribe', ...optional('scene', scene), ...optional('ticket', fields.Ticket) };
    }
    case 'scan':
      return { ...common, kind: 'scan', scene: eventKey, ...optional('ticket', fields.Ticket) };
    case 'unsubscribe':
      return { ...common, kind: 'unsubscribe' };
    case 'click':
      return { ...common, kind: 'click', eventKey };
    case 'view':
      return { ...common, kind: 'view', url: eventKey };
    case 'templatesendjobfinish':
      return {
        ...common,
        kind: 'template_send_job_finish',
        msgId: fields.MsgID ?? fields.MsgId ?? '',
        status: fields.Status ?? '',
      };
    case 'user_authorization_revoke':
    case 'user_authorization_cancellation':
    case 'user_info_modified': {
      // WeChat's own sample JSON carries a stray space in " OpenID"; the XML does not.
      const openid = fields.OpenID ?? '';
      if (openid === '') break;
      return {
        ...common,
        kind: event.toLowerCase() as AuthorizationChangeMessage['kind'],
        openid,
        ...optional('revokeInfo', fields.RevokeInfo),
      };
    }
  }
  return { ...common, kind: 'unknown', msgType, ...optional('event', event) };
}

/**
 * The idempotency key of a push: `msg:<MsgId>` for messages, otherwise
 * `evt:<FromUserName>:<CreateTime>:<Event>:<EventKey>` (two events of one user can share a second);
 * for events naming a user in `OpenID`, `<FromUserName>/<OpenID>` stands in for FromUserName.
 * Keys longer than 256 characters are hashed (`evt:sha256:<hex>`) to fit a database index.
 */
export function dedupKey(msg: WeChatMessage): string {
  const msgId = msg.raw.MsgId;
  if (msgId) {
    const key = `msg:${msgId}`;
    return key.length <= MAX_READABLE_KEY ? key : `msg:sha256:${sha256(msgId)}`;
  }
  // Authorization-change events come from WeChat's push service for many users: the user is in OpenID.
  const who = msg.raw.OpenID ? `${msg.fromUserName}/${msg.raw.OpenID}` : msg.fromUserName;
  const key = `evt:${who}:${msg.createTime}:${msg.raw.Event ?? ''}:${msg.raw.EventKey ?? ''}`;
  return key.length <= MAX_READABLE_KEY ? key : `evt:sha256:${sha256(key)}`;
}

function required(fields: XmlFields, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new WeChatXmlError('missing_field', `${name} is missing`);
  }
  return value;
}

function optional<K extends string>(name: K, value: string | undefined): { [P in K]?: string } {
  return (value ? { [name]: value } : {}) as { [P in K]?: string };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
