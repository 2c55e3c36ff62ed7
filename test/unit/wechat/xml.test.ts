import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildXml, MAX_XML_BYTES, parseXml, textReply, WeChatXmlError } from '../../../lib/wechat';
import { PYTHON_SAMPLE } from './vectors';

function refused(code: string, body: string) {
  assert.throws(
    () => parseXml(body),
    (err: unknown) => err instanceof WeChatXmlError && err.code === code,
    code,
  );
}

describe('parseXml', () => {
  it('reads a WeChat text message with every value as a string (MsgId exceeds 2^53)', () => {
    const fields = parseXml(PYTHON_SAMPLE.decrypted);
    assert.deepEqual(
      { ...fields },
      {
        ToUserName: 'gh_10f6c3c3ac5a',
        FromUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
        CreateTime: '1409735668',
        MsgType: 'text',
        Content: 'abcdteT',
        MsgId: '6054768590064713728',
      },
    );
    assert.equal(Object.getPrototypeOf(fields), null);
  });

  it('keeps user text exactly, including spaces and markup-looking text inside CDATA', () => {
    const fields = parseXml('<xml><Content><![CDATA[  <!DOCTYPE x> &amp; <b>hi</b> ]]></Content></xml>');
    assert.equal(fields.Content, '  <!DOCTYPE x> &amp; <b>hi</b> ');
  });

  it('does not expand entities', () => {
    assert.equal(parseXml('<xml><A>a &amp; b &#60;</A></xml>').A, 'a &amp; b &#60;');
  });

  it('accepts an XML declaration, comments and empty elements', () => {
    const fields = parseXml('<?xml version="1.0" encoding="utf-8"?><xml><!-- hi --><A/><B></B></xml>');
    assert.deepEqual({ ...fields }, { A: '', B: '' });
  });

  it('keeps a nested field such as ScanCodeInfo as a JSON string', () => {
    const fields = parseXml(
      '<xml><Event><![CDATA[scancode_push]]></Event><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType><ScanResult><![CDATA[1]]></ScanResult></ScanCodeInfo></xml>',
    );
    assert.deepEqual(JSON.parse(fields.ScanCodeInfo), { ScanType: 'qrcode', ScanResult: '1' });
  });

  it('accepts the deepest real push shape (SendPicsInfo) and refuses one level more', () => {
    const pics =
      '<SendPicsInfo><Count>2</Count><PicList><item><PicMd5Sum>a</PicMd5Sum></item><item><PicMd5Sum>b</PicMd5Sum></item></PicList></SendPicsInfo>';
    assert.deepEqual(JSON.parse(parseXml(`<xml>${pics}</xml>`).SendPicsInfo), {
      Count: '2',
      PicList: { item: [{ PicMd5Sum: 'a' }, { PicMd5Sum: 'b' }] },
    });
    refused('too_deep', '<xml><A><B><C><D><E>x</E></D></C></B></A></xml>');
    refused('too_deep', `<xml>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</xml>`);
  });

  it('refuses DOCTYPE and entity declarations (billion laughs, external entities)', () => {
    refused(
      'doctype',
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><xml><A>&lol2;</A></xml>',
    );
    refused('doctype', '<!DOCTYPE xml SYSTEM "http://evil.example/x.dtd"><xml><A>1</A></xml>');
    refused('doctype', '<xml><!ENTITY x SYSTEM "file:///etc/passwd"><A>&x;</A></xml>');
    refused('doctype', '<!doctype xml><xml/>');
    refused('doctype', '<xml><!ELEMENT a ANY></xml>');
  });

  it('refuses bodies over 64 KiB, measured in UTF-8 bytes', () => {
    const ascii = `<xml><A><![CDATA[${'x'.repeat(MAX_XML_BYTES)}]]></A></xml>`;
    refused('too_large', ascii);
    // 25,000 Chinese characters are 25,000 UTF-16 units but 75,000 UTF-8 bytes.
    const wide = `<xml><A><![CDATA[${'中'.repeat(25_000)}]]></A></xml>`;
    assert.ok(wide.length < MAX_XML_BYTES);
    refused('too_large', wide);
    assert.doesNotThrow(() => parseXml(`<xml><A><![CDATA[${'x'.repeat(60_000)}]]></A></xml>`));
  });

  it('refuses a root other than <xml>, and several roots', () => {
    refused('bad_root', '<foo><A>1</A></foo>');
    refused('bad_root', '<XML><A>1</A></XML>');
    refused('malformed', '<xml><A>1</A></xml><xml><A>2</A></xml>');
  });

  it('refuses malformed XML', () => {
    for (const body of [
      '',
      'garbage',
      '<xml>',
      '<xml><A>1</B></xml>',
      '<xml><A>1</A>',
      '<xml><A><![CDATA[x</A></xml>',
      '<xml>text</xml>',
      '<xml><A>1</A></xml>trailing',
      '\u0000\ud800\uffff',
    ]) {
      assert.throws(() => parseXml(body), WeChatXmlError, JSON.stringify(body));
    }
  });

  it('refuses prototype-polluting and reserved names', () => {
    refused('forbidden_name', '<xml><__proto__><polluted>1</polluted></__proto__></xml>');
    refused('forbidden_name', '<xml><constructor>1</constructor></xml>');
    refused('forbidden_name', '<xml><A><prototype>1</prototype></A></xml>');
    refused('forbidden_name', '<xml><hasOwnProperty>1</hasOwnProperty></xml>');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('refuses a repeated top-level field rather than pick one', () => {
    refused('duplicate_field', '<xml><FromUserName>a</FromUserName><FromUserName>b</FromUserName></xml>');
  });

  it('does not crash on binary garbage', () => {
    const bytes = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256));
    for (const body of [
      bytes.toString('latin1'),
      bytes.toString('utf8'),
      `<xml><A>${bytes.toString('latin1')}</A></xml>`,
    ]) {
      try {
        parseXml(body);
      } catch (err) {
        assert.ok(err instanceof WeChatXmlError);
      }
    }
  });
});

describe('buildXml', () => {
  it('puts strings in CDATA and numbers bare', () => {
    assert.equal(
      buildXml({ ToUserName: 'u', CreateTime: 1409735668, Content: '你好' }),
      '<xml><ToUserName><![CDATA[u]]></ToUserName><CreateTime>1409735668</CreateTime><Content><![CDATA[你好]]></Content></xml>',
    );
  });

  it('splits "]]>" so the text round-trips', () => {
    const content = 'a]]>b]]]]>c<![CDATA[d]]>';
    const xml = buildXml({ Content: content });
    assert.ok(xml.includes(']]]]><![CDATA[>'));
    assert.equal(parseXml(xml).Content, content);
  });

  it('round-trips a text reply with hostile content', () => {
    const content = '</Content><MsgType>news</MsgType> & <!DOCTYPE x> ]]> 😀';
    const fields = parseXml(textReply({ toUser: 'o1', fromUser: 'gh', content, createTime: 1 }));
    assert.equal(fields.Content, content);
    assert.equal(fields.MsgType, 'text');
  });

  it('drops characters XML 1.0 cannot carry', () => {
    assert.equal(parseXml(buildXml({ A: 'a\u0000b\u0007c\ud800d' })).A, 'abcd');
  });

  it('refuses invalid names and values', () => {
    assert.throws(() => buildXml({ 'a b': 'x' }), WeChatXmlError);
    assert.throws(() => buildXml({ '<A>': 'x' }), WeChatXmlError);
    assert.throws(() => buildXml({ __proto__x: 'x', constructor: 'x' }), WeChatXmlError);
    assert.throws(() => buildXml({ A: Number.NaN }), WeChatXmlError);
    assert.throws(() => buildXml({ A: {} as unknown as string }), WeChatXmlError);
  });
});
