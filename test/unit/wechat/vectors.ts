// Published WeChat test vectors, checked against lib/wechat by the tests in this folder.

/**
 * 公众号「消息加解密说明」/「消息推送」, developers.weixin.qq.com
 * (https://developers.weixin.qq.com/doc/subscription/guide/dev/push/encryption.md and
 * https://developers.weixin.qq.com/minigame/dev/guide/base-ability/message-push.md, 接入指引):
 * the URL-verification example and the plaintext-mode push example, both with Token "AAAAA".
 */
export const URL_VERIFICATION = {
  token: 'AAAAA',
  timestamp: '1714036504',
  nonce: '1514711492',
  echostr: '4375120948345356249',
  signature: 'f464b24fc39322e44b38aa78f5edd27bd1441696',
} as const;

export const PLAINTEXT_PUSH = {
  token: 'AAAAA',
  timestamp: '1714037059',
  nonce: '486452656',
  signature: '899cf89e464efb63f54ddac96b0a0a235f53aa78',
} as const;

/**
 * Tencent's WXBizMsgCrypt Java sample (公众平台 加解密示例代码 cryptoDemo.zip, WXBizMsgCryptTest.java):
 * encrypting `replyMsg` with the fixed random prefix "aaaabbbbccccdddd" gives `afterAesEncrypt`.
 * (The sample's token is "pamtest"; the signature is not part of this vector.)
 */
export const JAVA_SAMPLE = {
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appId: 'wxb11529c136998cb6',
  timestamp: '1409304348',
  nonce: 'xxxxxx',
  random: 'aaaabbbbccccdddd',
  replyMsg: '我是中文abcd123',
  afterAesEncrypt: 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
  replyMsg2:
    '<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>',
  afterAesEncrypt2:
    'jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb',
} as const;

/**
 * Tencent's WXBizMsgCrypt Python sample (same download, Sample.py, "测试解密接口"): a compatible-mode
 * push (plaintext fields plus Encrypt) with its msg_signature.
 */
export const PYTHON_SAMPLE = {
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  token: 'spamtest',
  appId: 'wx2c2769f8efd9abc2',
  timestamp: '1409735669',
  nonce: '1320562132',
  msgSignature: '5d197aaffba7e9b25a30732f161a50dee96bd5fa',
  encrypt:
    'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=',
  get body(): string {
    return `<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName><CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[abcdteT]]></Content><MsgId>6054768590064713728</MsgId><Encrypt><![CDATA[${this.encrypt}]]></Encrypt></xml>`;
  },
  /** What the sample prints after decrypting (newlines as in the ciphertext). */
  decrypted:
    '<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n<CreateTime>1409735668</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[abcdteT]]></Content>\n<MsgId>6054768590064713728</MsgId>\n</xml>',
} as const;

/**
 * Not published: derived independently with OpenSSL 3.0 on the command line, to cover the case where
 * the plaintext is already a multiple of 32 bytes and a whole block of padding (32 × 0x20) is added:
 *   printf 'aaaabbbbccccdddd\x00\x00\x00\x1aabcdefghijklmnopqrstuvwxyzwxb11529c136998cb6' + 32 × '\x20' |
 *   openssl enc -aes-256-cbc -nopad -K 69b71d79…831051 -iv 69b71d79f8218a39259a7a29aabb2dba | base64
 */
export const OPENSSL_FULL_PAD_BLOCK = {
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appId: 'wxb11529c136998cb6',
  random: 'aaaabbbbccccdddd',
  message: 'abcdefghijklmnopqrstuvwxyz',
  encrypted:
    'jn1L23DB+6ELqJ+6bruv24kfnRA9CJ8qXRQfcTjuspbcu/BSVDHix6RSI3nK3z+fMd03dqZ5HIPCrQNNDa2xYd47apRHAo9FEf57/GQVWffqnF3WzheksoIGmk00BgBc',
} as const;
