import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dedupKey, normalizeMessage, parseXml, WeChatXmlError, type XmlFields } from '../../../lib/wechat';
import { PYTHON_SAMPLE } from './vectors';

function fields(extra: Record<string, string>): XmlFields {
  return Object.assign(
    Object.create(null),
    { ToUserName: 'gh_1', FromUserName: 'o_user', CreateTime: '1700000000' },
    extra,
  );
}

describe('normalizeMessage', () => {
  it('reads a text message', () => {
    const msg = normalizeMessage(parseXml(PYTHON_SAMPLE.decrypted));
    assert.equal(msg.kind, 'text');
    assert.equal(msg.fromUserName, 'oyORnuP8q7ou2gfYjqLzSIWZf0rs');
    assert.equal(msg.toUserName, 'gh_10f6c3c3ac5a');
    assert.equal(msg.createTime, '1409735668');
    if (msg.kind !== 'text') return;
    assert.equal(msg.content, 'abcdteT');
    assert.equal(msg.msgId, '6054768590064713728');
  });

  it('strips qrscene_ from a subscribe by QR, only as a prefix', () => {
    const msg = normalizeMessage(
      fields({ MsgType: 'event', Event: 'subscribe', EventKey: 'qrscene_abc_qrscene_x', Ticket: 'T' }),
    );
    assert.deepEqual(
      [msg.kind, 'scene' in msg && msg.scene, 'ticket' in msg && msg.ticket],
      ['subscribe', 'abc_qrscene_x', 'T'],
    );
    const plain = normalizeMessage(fields({ MsgType: 'event', Event: 'subscribe', EventKey: '' }));
    assert.equal(plain.kind, 'subscribe');
    assert.equal('scene' in plain, false);
    const notPrefixed = normalizeMessage(fields({ MsgType: 'event', Event: 'subscribe', EventKey: 'x_qrscene_abc' }));
    assert.equal('scene' in notPrefixed, false);
  });

  it('reads SCAN with the EventKey as the scene', () => {
    const msg = normalizeMessage(fields({ MsgType: 'event', Event: 'SCAN', EventKey: 'qrscene_kept', Ticket: 'T' }));
    assert.equal(msg.kind, 'scan');
    if (msg.kind === 'scan') assert.deepEqual([msg.scene, msg.ticket], ['qrscene_kept', 'T']);
  });

  it('reads unsubscribe, CLICK, VIEW and TEMPLATESENDJOBFINISH', () => {
    assert.equal(normalizeMessage(fields({ MsgType: 'event', Event: 'unsubscribe' })).kind, 'unsubscribe');
    const click = normalizeMessage(fields({ MsgType: 'event', Event: 'CLICK', EventKey: 'BIND_ACCOUNT' }));
    assert.equal(click.kind === 'click' && click.eventKey, 'BIND_ACCOUNT');
    const view = normalizeMessage(fields({ MsgType: 'event', Event: 'VIEW', EventKey: 'https://example.com/' }));
    assert.equal(view.kind === 'view' && view.url, 'https://example.com/');
    const job = normalizeMessage(
      fields({ MsgType: 'event', Event: 'TEMPLATESENDJOBFINISH', MsgID: '200163836', Status: 'failed:user block' }),
    );
    assert.equal(job.kind, 'template_send_job_finish');
    if (job.kind === 'template_send_job_finish')
      assert.deepEqual([job.msgId, job.status], ['200163836', 'failed:user block']);
  });

  it('keeps anything else as unknown with its raw fields', () => {
    const image = normalizeMessage(fields({ MsgType: 'image', PicUrl: 'http://x' }));
    assert.equal(image.kind, 'unknown');
    assert.equal(image.raw.PicUrl, 'http://x');
    const location = normalizeMessage(fields({ MsgType: 'event', Event: 'LOCATION' }));
    assert.equal(location.kind === 'unknown' && location.event, 'LOCATION');
  });

  it('refuses a message without ToUserName, FromUserName, CreateTime or MsgType', () => {
    for (const missing of ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType']) {
      const f = fields({ MsgType: 'text', Content: 'x' });
      delete f[missing];
      assert.throws(
        () => normalizeMessage(f),
        (err: unknown) => err instanceof WeChatXmlError && err.code === 'missing_field',
      );
      f[missing] = '  ';
      assert.throws(() => normalizeMessage(f), WeChatXmlError);
    }
  });
});

describe('dedupKey', () => {
  it('uses the MsgId of a message', () => {
    assert.equal(dedupKey(normalizeMessage(parseXml(PYTHON_SAMPLE.decrypted))), 'msg:6054768590064713728');
  });

  it('tells apart two events of one user in the same second', () => {
    const subscribe = normalizeMessage(fields({ MsgType: 'event', Event: 'subscribe', EventKey: 'qrscene_s1' }));
    const scan = normalizeMessage(fields({ MsgType: 'event', Event: 'SCAN', EventKey: 's1' }));
    const scan2 = normalizeMessage(fields({ MsgType: 'event', Event: 'SCAN', EventKey: 's2' }));
    assert.equal(dedupKey(subscribe), 'evt:o_user:1700000000:subscribe:qrscene_s1');
    assert.equal(new Set([dedupKey(subscribe), dedupKey(scan), dedupKey(scan2)]).size, 3);
    assert.equal(
      dedupKey(scan),
      dedupKey(normalizeMessage(fields({ MsgType: 'event', Event: 'SCAN', EventKey: 's1' }))),
    );
  });

  it('hashes keys too long for an index', () => {
    const key = dedupKey(normalizeMessage(fields({ MsgType: 'event', Event: 'CLICK', EventKey: 'k'.repeat(1000) })));
    assert.match(key, /^evt:sha256:[0-9a-f]{64}$/);
  });
});

describe('authorization-change events (授权用户信息变更)', () => {
  // WeChat's own XML sample (https://developers.weixin.qq.com/doc/service/guide/h5/authorization_change.html).
  const sample = `<xml><ToUserName><![CDATA[gh_870882ca4b1]]></ToUserName><FromUserName><![CDATA[owAqB1v0ahK_Xlc7GshIDdf2yf7E]]></FromUserName><CreateTime>1626857200</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[user_authorization_revoke]]></Event><OpenID><![CDATA[owAqB1nqaOYYWl0Ng484G2z5NIwU]]></OpenID><AppID><![CDATA[wx13974bf780d3dc89]]></AppID><RevokeInfo><![CDATA[1]]></RevokeInfo></xml>`;

  it('names the user from OpenID, not FromUserName (the push service)', () => {
    const msg = normalizeMessage(parseXml(sample));
    assert.equal(msg.kind, 'user_authorization_revoke');
    assert.ok(msg.kind === 'user_authorization_revoke');
    assert.equal(msg.openid, 'owAqB1nqaOYYWl0Ng484G2z5NIwU');
    assert.equal(msg.revokeInfo, '1');
    for (const event of ['user_authorization_cancellation', 'user_info_modified']) {
      const other = normalizeMessage(parseXml(sample.replace('user_authorization_revoke', event)));
      assert.equal(other.kind, event);
    }
  });

  it('an event without OpenID stays unknown', () => {
    const msg = normalizeMessage(parseXml(sample.replace(/<OpenID>.*<\/OpenID>/, '')));
    assert.equal(msg.kind, 'unknown');
  });

  it('two users revoked in the same second get different dedup keys', () => {
    const a = normalizeMessage(parseXml(sample));
    const b = normalizeMessage(
      parseXml(sample.replace('owAqB1nqaOYYWl0Ng484G2z5NIwU', 'oOtherUser000000000000000000')),
    );
    assert.notEqual(dedupKey(a), dedupKey(b));
  });
});
