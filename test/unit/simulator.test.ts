import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readReply } from '../../lib/simulator/deliver';
import { splitLinks } from '../../lib/simulator/links';
import { renderTemplate } from '../../lib/simulator/mock-api';
import { newMsgId } from '../../lib/simulator/phone';
import { encryptReply, textReply } from '../../lib/wechat';

const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const ctx = { token: 'tok123', appId: 'wxapp', encodingAesKey: AES_KEY, originalId: 'gh_account' };
const reply = (toUser = 'ouser', fromUser = 'gh_account') =>
  textReply({ toUser, fromUser, content: '你好', createTime: 1714000000 });

describe("simulator: reading the webhook's answer like WeChat", () => {
  it('takes success and an empty body as "no reply"', () => {
    assert.deepEqual(readReply(ctx, 'success', 'ouser', 'plaintext'), { ok: true, reply: null });
    assert.deepEqual(readReply(ctx, '', 'ouser', 'safe'), { ok: true, reply: null });
  });

  it('reads a plaintext text reply and an encrypted one (verifying MsgSignature)', () => {
    const plain = readReply(ctx, reply(), 'ouser', 'plaintext');
    assert.equal(plain.ok && plain.reply?.text, '你好');
    const sealed = encryptReply({
      aesKey: AES_KEY,
      appId: 'wxapp',
      token: 'tok123',
      replyXml: reply(),
      timestamp: '1714000000',
      nonce: '42',
    });
    const opened = readReply(ctx, sealed, 'ouser', 'safe');
    assert.equal(opened.ok && opened.reply?.text, '你好');
    const forged = sealed.replace(
      /<MsgSignature><!\[CDATA\[[0-9a-f]+/,
      '<MsgSignature><![CDATA[0000000000000000000000000000000000000000',
    );
    assert.equal(readReply(ctx, forged, 'ouser', 'safe').ok, false);
  });

  it('refuses garbage, JSON, a reply to someone else, and a plaintext reply in safe mode', () => {
    for (const body of [
      'hello',
      '{"msg":"ok"}',
      '<xml><MsgType>text</MsgType></xml>',
      reply('osomeoneelse'),
      reply('ouser', 'gh_other'),
    ]) {
      assert.equal(readReply(ctx, body, 'ouser', 'plaintext').ok, false, body);
    }
    assert.equal(readReply(ctx, reply(), 'ouser', 'safe').ok, false);
  });
});

describe('simulator: chat rendering helpers', () => {
  it('splits <a href> tags and bare URLs into links, and keeps javascript: links as text', () => {
    assert.deepEqual(splitLinks('去 <a href="https://x.test/a?b=1">登录</a>，或打开 http://x.test/c。'), [
      { type: 'text', text: '去 ' },
      { type: 'link', href: 'https://x.test/a?b=1', text: '登录' },
      { type: 'text', text: '，或打开 ' },
      { type: 'link', href: 'http://x.test/c', text: 'http://x.test/c' },
      { type: 'text', text: '。' },
    ]);
    assert.deepEqual(splitLinks('<a href="javascript:alert(1)">x</a>'), [{ type: 'text', text: 'x' }]);
  });

  it('renders a template as a card: labels from the content, first and remark apart', () => {
    const card = renderTemplate(
      { title: '验证码通知', content: '{{first.DATA}}\n验证码：{{code.DATA}}\n{{remark.DATA}}' },
      { first: { value: 'hi' }, code: { value: '123456', color: '#173177' }, remark: { value: 'bye' } },
    );
    assert.deepEqual(card, {
      title: '验证码通知',
      rows: [{ label: '验证码', value: '123456', color: '#173177' }],
      first: 'hi',
      remark: 'bye',
    });
    assert.deepEqual(renderTemplate({ title: 'T' }, { thing1: { value: 'a' } }).rows, [
      { label: 'thing1', value: 'a' },
    ]);
  });

  it('makes 64-bit message ids beyond 2^53', () => {
    const id = newMsgId(Date.now());
    assert.match(id, /^\d+$/);
    assert.ok(BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER) && BigInt(id) < 2n ** 64n);
  });
});
