import { randomBytes } from 'node:crypto';
import { buildXml } from '../wechat';
import { deliverPush, type DeliverOptions, type Delivery, type PushContext } from './deliver';
import { UNAVAILABLE_TEXT, type ActionOutcome, type PhoneAction, type TimelineEntry } from './types';
import type { SimUser, SimWorld } from './world';

export interface ActionResult {
  outcome: ActionOutcome;
  /** The passive reply's text after decryption (Content of a text reply, the first title of news), or null. */
  reply: string | null;
  /** The passive reply's XML after decryption, or null. */
  replyXml: string | null;
  /** Every push this action made (one, or none when nothing was sent), with all their attempts. */
  deliveries: Delivery[];
}

/** A user action the phone refuses (e.g. sending a message to an account one does not follow). */
export class SimulatorActionError extends Error {
  constructor(
    readonly code: 'not_following' | 'bad_input',
    message: string,
  ) {
    super(message);
    this.name = 'SimulatorActionError';
  }
}

const NOTICE_TEXT = {
  followed: '你关注了公众号',
  unfollowed: '你取消关注了公众号',
  scanned: '你扫描了公众号的二维码',
  clicked: '你点击了菜单',
  viewed: '你打开了菜单链接',
  qr_expired: '二维码已过期',
  qr_unknown: '未识别的二维码',
  unavailable: UNAVAILABLE_TEXT,
} as const;

/** The user's side of WeChat: each action changes what WeChat knows, pushes what WeChat pushes, and fills the chat. */
/** The FromUserName of WeChat's platform pushes (authorization changes), as in WeChat's sample. */
const PUSH_SERVICE_USER = 'owAqB1v0ahK_Xlc7GshIDdf2yf7E';

export class Phone {
  constructor(
    private readonly world: SimWorld,
    private readonly ctx: PushContext,
  ) {}

  async act(user: SimUser, action: PhoneAction, opts: DeliverOptions = {}): Promise<ActionResult> {
    switch (action.type) {
      case 'follow':
        if (user.following) return none('noop');
        this.setFollowing(user, true, '');
        this.notice(user, 'followed');
        return this.push(user, { Event: 'subscribe' }, opts);
      case 'unfollow': {
        if (!user.following) return none('noop');
        this.setFollowing(user, false, '');
        this.notice(user, 'unfollowed');
        // WeChat shows nothing to someone who just left: the answer is read but not shown.
        return this.push(user, { Event: 'unsubscribe' }, opts, { show: false });
      }
      case 'scan':
        return this.scan(user, action.qrContent, opts);
      case 'send': {
        this.requireFollowing(user);
        const text = action.text;
        if (typeof text !== 'string' || text.trim() === '')
          throw new SimulatorActionError('bad_input', 'empty message');
        this.touch(user, 'message');
        this.world.addEntry(user, { kind: 'user_text', text });
        return this.push(user, { MsgType: 'text', Content: text, MsgId: newMsgId(this.world.now()) }, opts);
      }
      case 'click':
        this.requireFollowing(user);
        this.touch(user, 'event');
        this.notice(user, 'clicked', action.key);
        return this.push(user, { Event: 'CLICK', EventKey: action.key }, opts);
      case 'view':
        this.requireFollowing(user);
        this.notice(user, 'viewed', action.url);
        // The page opens whatever the account answers; WeChat shows no reply to a VIEW event.
        return this.push(user, { Event: 'VIEW', EventKey: action.url }, opts, { show: false });
      default:
        throw new SimulatorActionError('bad_input', 'unknown action');
    }
  }

  private async scan(user: SimUser, qrContent: string, opts: DeliverOptions): Promise<ActionResult> {
    if (typeof qrContent !== 'string' || qrContent.trim() === '')
      throw new SimulatorActionError('bad_input', 'empty QR content');
    const qr = this.world.findQr(qrContent);
    if (!qr) {
      this.notice(user, 'qr_unknown', qrContent.trim().slice(0, 200));
      return none('qr_unknown');
    }
    // Like WeChat: an expired QR code says so on the phone and nothing reaches the account.
    if (this.world.isExpired(qr)) {
      this.notice(user, 'qr_expired');
      return none('qr_expired');
    }
    qr.scans++;
    this.touch(user, 'event');
    this.notice(user, 'scanned');
    if (!user.following) {
      this.setFollowing(user, true, qr.scene);
      this.notice(user, 'followed');
      return this.push(user, { Event: 'subscribe', EventKey: `qrscene_${qr.scene}`, Ticket: qr.ticket }, opts);
    }
    this.world.changed();
    return this.push(user, { Event: 'SCAN', EventKey: qr.scene, Ticket: qr.ticket }, opts);
  }

  /**
   * 授权用户信息变更: WeChat tells the account that this user withdrew an authorization, deleted their
   * WeChat account, or had their profile cleaned up. The push comes from WeChat's push service (not the
   * user), naming the user in OpenID. https://developers.weixin.qq.com/doc/service/guide/h5/authorization_change.html
   */
  async authorizationChange(
    user: SimUser,
    event: 'user_authorization_revoke' | 'user_authorization_cancellation' | 'user_info_modified',
    opts: DeliverOptions = {},
  ): Promise<ActionResult> {
    return this.push(
      user,
      {
        FromUserName: PUSH_SERVICE_USER,
        Event: event,
        OpenID: user.openid,
        AppID: this.ctx.appId,
        ...(event === 'user_authorization_revoke' ? { RevokeInfo: '205' } : {}),
      },
      opts,
      { show: false },
    );
  }

  /** WeChat's report after a template message was delivered; the answer is ignored. */
  async templateSendJobFinish(user: SimUser, msgId: string): Promise<void> {
    await this.push(user, { Event: 'TEMPLATESENDJOBFINISH', MsgID: msgId, Status: 'success' }, {}, { show: false });
  }

  private async push(
    user: SimUser,
    fields: Record<string, string>,
    opts: DeliverOptions,
    view: { show: boolean } = { show: true },
  ): Promise<ActionResult> {
    const createTime = Math.floor(this.world.now() / 1000);
    const isMessage = fields.MsgType !== undefined;
    const messageXml = buildXml({
      ToUserName: this.ctx.originalId,
      FromUserName: user.openid,
      CreateTime: createTime,
      ...(isMessage ? {} : { MsgType: 'event' }),
      ...fields,
    });
    const delivery = await deliverPush(
      this.ctx,
      { openid: user.openid, kind: fields.Event ?? fields.MsgType, createTime, msgId: fields.MsgId, messageXml },
      opts,
    );
    this.world.recordDelivery(delivery);
    if (view.show) this.showOutcome(user, delivery);
    const reply = delivery.reply;
    return {
      outcome: delivery.outcome,
      reply: reply?.text ?? null,
      replyXml: reply?.xml ?? null,
      deliveries: [delivery],
    };
  }

  private showOutcome(user: SimUser, delivery: Delivery): void {
    const reply = delivery.reply;
    if (delivery.outcome === 'failed') {
      this.world.addEntry(user, {
        kind: 'notice',
        code: 'unavailable',
        text: NOTICE_TEXT.unavailable,
        detail: delivery.failureDetail ?? delivery.failure,
      });
    } else if (reply?.msgType === 'text') {
      this.world.addEntry(user, { kind: 'account_text', text: reply.text ?? '', via: 'reply' });
    } else if (reply?.msgType === 'news' && reply.articles) {
      this.world.addEntry(user, { kind: 'account_news', articles: reply.articles, via: 'reply' });
    } else if (reply) {
      this.world.addEntry(user, { kind: 'account_other', msgType: reply.msgType, via: 'reply' });
    }
  }

  private notice(user: SimUser, code: keyof typeof NOTICE_TEXT, detail?: string): TimelineEntry {
    return this.world.addEntry(user, { kind: 'notice', code, text: NOTICE_TEXT[code], ...(detail ? { detail } : {}) });
  }

  private setFollowing(user: SimUser, following: boolean, scene: string): void {
    user.following = following;
    if (following) {
      user.followedAt = this.world.now();
      user.qrSceneStr = scene;
      user.subscribeScene = scene ? 'ADD_SCENE_QR_CODE' : 'ADD_SCENE_SEARCH';
      this.touch(user, 'event');
    } else {
      user.followedAt = null;
      user.lastInteractionAt = null;
      user.grants = { message: null, event: null };
    }
    this.world.changed();
  }

  /**
   * Messages, menu clicks, follows and scans open customer-service windows (客服消息下发规则): a message
   * 5 messages within 48 h, the others 3 within 1 minute; each new action renews its own allowance.
   */
  private touch(user: SimUser, kind: 'message' | 'event'): void {
    const now = this.world.now();
    user.lastInteractionAt = now;
    user.grants[kind] =
      kind === 'message' ? { until: now + 48 * 3600_000, remaining: 5 } : { until: now + 60_000, remaining: 3 };
  }

  private requireFollowing(user: SimUser): void {
    if (!user.following)
      throw new SimulatorActionError('not_following', `${user.nickname} does not follow the account`);
  }
}

function none(outcome: ActionOutcome): ActionResult {
  return { outcome, reply: null, replyXml: null, deliveries: [] };
}

/** A 64-bit message id, as WeChat's (above 2^53, so it only survives as a string). */
export function newMsgId(now: number): string {
  return ((BigInt(now) << 20n) | BigInt(randomBytes(3).readUIntBE(0, 3) & 0xfffff)).toString();
}
