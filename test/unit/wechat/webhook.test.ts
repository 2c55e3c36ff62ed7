import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildPushRequest,
  buildXml,
  computeSignature,
  createMemoryDedupStore,
  createMemoryReplayStore,
  createWebhookHandler,
  encryptMessage,
  openReply,
  parseXml,
  RELAY,
  type DedupStore,
  type WebhookHandlerOptions,
  type WebhookResult,
  type WeChatMessage,
} from '../../../lib/wechat';
import { JAVA_SAMPLE, PLAINTEXT_PUSH, PYTHON_SAMPLE, URL_VERIFICATION } from './vectors';

const TOKEN = 'webind-test-token';
const APP_ID = 'wx0123456789abcdef';
const AES = JAVA_SAMPLE.encodingAesKey;
const NOW = 1_714_037_059_000;
const OPENID = 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M';

function setup(overrides: Partial<WebhookHandlerOptions> = {}) {
  const seen: WeChatMessage[] = [];
  const errors: Array<{ err: unknown; context: object }> = [];
  const replay = createMemoryReplayStore({ now: () => NOW });
  const dedup = createMemoryDedupStore();
  const handle = createWebhookHandler({
    token: TOKEN,
    appId: APP_ID,
    timestampWindowSeconds: 300,
    replay,
    dedup,
    now: () => NOW,
    onMessage: async (msg) => {
      seen.push(msg);
      return msg.kind === 'text'
        ? `echo: ${msg.content}`
        : msg.kind === 'scan' || msg.kind === 'subscribe'
          ? '绑定成功'
          : null;
    },
    onError: (err, context) => errors.push({ err, context }),
    ...overrides,
  });
  return { handle, seen, errors, replay, dedup };
}

function eventXml(extra: Record<string, string | number> = {}): string {
  return buildXml({
    ToUserName: 'gh_97417a04a28d',
    FromUserName: OPENID,
    CreateTime: Math.floor(NOW / 1000),
    MsgType: 'event',
    Event: 'SCAN',
    EventKey: 'scene-123',
    Ticket: 'gQH47joAAAAA',
    ...extra,
  });
}

function plainPush(xml: string, timestamp = String(Math.floor(NOW / 1000)), nonce = '486452656') {
  return buildPushRequest({ token: TOKEN, messageXml: xml, timestamp, nonce, openid: OPENID });
}

function errorCode(body: string): string {
  return (JSON.parse(body) as { error: { code: string } }).error.code;
}

describe('webhook: server configuration handshake (GET)', () => {
  const atVector = () => Number(URL_VERIFICATION.timestamp) * 1000;

  it("echoes echostr for WeChat's documented example", async () => {
    const { handle } = setup({ token: URL_VERIFICATION.token, now: atVector });
    const { signature, timestamp, nonce, echostr } = URL_VERIFICATION;
    const res = await handle({ method: 'GET', query: { signature, timestamp, nonce, echostr }, rawBody: '' });
    assert.equal(res.status, 200);
    assert.equal(res.body, echostr);
    assert.match(res.headers['Content-Type'], /^text\/plain/);
  });

  it('refuses a wrong or missing signature and a missing echostr', async () => {
    const { handle } = setup({ token: URL_VERIFICATION.token, now: atVector });
    const { signature, timestamp, nonce, echostr } = URL_VERIFICATION;
    const wrong = await handle({
      method: 'GET',
      query: { signature: signature.replace('f', 'e'), timestamp, nonce, echostr },
      rawBody: '',
    });
    assert.equal(wrong.status, 401);
    assert.equal((await handle({ method: 'GET', query: { timestamp, nonce, echostr }, rawBody: '' })).status, 401);
    assert.equal((await handle({ method: 'GET', query: { signature, timestamp, nonce }, rawBody: '' })).status, 400);
  });

  it('refuses a handshake whose timestamp is outside the window (a URL from an old proxy log)', async () => {
    const { handle } = setup({ token: URL_VERIFICATION.token, now: () => atVector() + 301_000 });
    const { signature, timestamp, nonce, echostr } = URL_VERIFICATION;
    const res = await handle({ method: 'GET', query: { signature, timestamp, nonce, echostr }, rawBody: '' });
    assert.equal(res.status, 401);
    assert.equal(errorCode(res.body), 'stale_timestamp');
    assert.notEqual(res.body, echostr);
  });

  it("records the handshake's (timestamp, nonce, signature): a POST signed by it is refused, the same GET again is not", async () => {
    const { handle, seen } = setup();
    const timestamp = String(Math.floor(NOW / 1000));
    const nonce = '777001';
    const signature = computeSignature(TOKEN, timestamp, nonce);
    const get = () => handle({ method: 'GET', query: { signature, timestamp, nonce, echostr: 'e1' }, rawBody: '' });
    assert.equal((await get()).status, 200);
    assert.equal((await get()).body, 'e1', 'WeChat may repeat its handshake');
    const forged = plainPush(eventXml({ EventKey: 'victim-scene' }), timestamp, nonce);
    const res = await handle({ method: 'POST', query: forged.query, rawBody: forged.rawBody });
    assert.equal(res.status, 403);
    assert.equal(errorCode(res.body), 'replayed_signature');
    assert.equal(seen.length, 0, 'the forged scan reached nothing');
  });

  it('refuses other methods', async () => {
    const { handle } = setup();
    const res = await handle({ method: 'PUT', query: {}, rawBody: '' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.Allow, 'GET, POST');
  });
});

describe('webhook: plaintext mode', () => {
  it("accepts WeChat's documented plaintext push signature and answers a text reply", async () => {
    const { handle, seen } = setup({ token: PLAINTEXT_PUSH.token });
    const { signature, timestamp, nonce } = PLAINTEXT_PUSH;
    const xml = eventXml({ Event: 'subscribe', EventKey: 'qrscene_scene-123' });
    const res = await handle({ method: 'POST', query: { signature, timestamp, nonce, openid: OPENID }, rawBody: xml });
    assert.equal(res.status, 200);
    assert.equal(res.headers['Content-Type'], 'application/xml; charset=utf-8');
    assert.equal(seen.length, 1);
    assert.equal(seen[0].kind, 'subscribe');
    assert.equal(seen[0].kind === 'subscribe' && seen[0].scene, 'scene-123');
    const reply = parseXml(res.body);
    assert.deepEqual(
      [reply.ToUserName, reply.FromUserName, reply.MsgType, reply.Content, reply.CreateTime],
      [OPENID, 'gh_97417a04a28d', 'text', '绑定成功', String(Math.floor(NOW / 1000))],
    );
    assert.equal(res.message?.kind, 'subscribe');
  });

  it('answers success (text/plain) when onMessage returns null', async () => {
    const { handle } = setup();
    const res = await handle(plainPush(eventXml({ Event: 'unsubscribe', EventKey: '' })));
    assert.deepEqual(
      [res.status, res.body, res.headers['Content-Type']],
      [200, 'success', 'text/plain; charset=utf-8'],
    );
  });

  it('refuses a wrong signature before reading the body', async () => {
    const { handle, seen } = setup();
    const req = plainPush('<!DOCTYPE x><not-even-xml');
    req.query.signature = computeSignature('another-token', req.query.timestamp!, req.query.nonce!);
    const res = await handle(req);
    assert.equal(res.status, 401);
    assert.equal(errorCode(res.body), 'bad_signature');
    assert.equal(seen.length, 0);
  });

  it('refuses a stale timestamp, in the past or in the future', async () => {
    const { handle } = setup();
    const nowSeconds = Math.floor(NOW / 1000);
    for (const ts of [nowSeconds - 301, nowSeconds + 301]) {
      const res = await handle(plainPush(eventXml(), String(ts)));
      assert.equal(res.status, 401);
      assert.equal(errorCode(res.body), 'stale_timestamp');
    }
    assert.equal((await handle(plainPush(eventXml(), String(nowSeconds - 300)))).status, 200);
  });

  it('skips the timestamp check when the window is 0', async () => {
    const { handle } = setup({ timestampWindowSeconds: 0 });
    assert.equal((await handle(plainPush(eventXml(), '1000000000'))).status, 200);
  });

  it('refuses a seen (timestamp, nonce, signature) with another body, and treats a byte-identical resend as a retry', async () => {
    const { handle, seen } = setup();
    const first = plainPush(eventXml());
    const ok = await handle(first);
    assert.equal(ok.status, 200);

    const forged = { ...first, rawBody: eventXml({ FromUserName: 'o_attacker' }) };
    const refused = await handle(forged);
    assert.equal(refused.status, 403);
    assert.equal(errorCode(refused.body), 'replayed_signature');

    const retry = await handle({ ...first, query: { ...first.query } });
    assert.equal(retry.status, 200);
    assert.equal(retry.body, ok.body);
    assert.equal(seen.length, 1);
  });

  it('refuses plaintext pushes once an EncodingAESKey is configured, unless allowed', async () => {
    const strict = setup({ encodingAesKey: AES });
    const res = await strict.handle(plainPush(eventXml()));
    assert.equal(res.status, 401);
    assert.equal(errorCode(res.body), 'plaintext_refused');
    const lenient = setup({ encodingAesKey: AES, allowPlaintext: true });
    assert.equal((await lenient.handle(plainPush(eventXml()))).status, 200);
  });

  it('answers 413 for an oversize body and 400 for DOCTYPE, malformed XML and missing fields', async () => {
    const { handle, seen } = setup();
    const cases: Array<[string, number]> = [
      [`<xml><A><![CDATA[${'x'.repeat(70_000)}]]></A></xml>`, 413],
      ['<!DOCTYPE xml [<!ENTITY a "aaaa">]><xml><A>&a;</A></xml>', 400],
      ['<xml><A>1</B></xml>', 400],
      ['<xml><MsgType>text</MsgType></xml>', 400],
      ['', 400],
    ];
    for (const [body, status] of cases) {
      assert.equal(
        (await handle(plainPush(body, undefined, `n${status}${body.length}`))).status,
        status,
        body.slice(0, 40),
      );
    }
    assert.equal(seen.length, 0);
  });

  it('hands unknown kinds to onMessage (to relay or act on) and answers success when it has no reply', async () => {
    const { handle, seen } = setup();
    const res = await handle(plainPush(eventXml({ MsgType: 'image', PicUrl: 'http://x' })));
    assert.deepEqual([res.status, res.body], [200, 'success']);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].kind, 'unknown');
  });
});

describe('webhook: relaying pushes that are not the app’s', () => {
  it('forwards the original query and body and returns the relayed reply as is, also to a retry', async () => {
    const relayed: Array<{ rawQuery: string; rawBody: string }> = [];
    const { handle } = setup({
      onMessage: async () => RELAY,
      relay: async (push) => {
        relayed.push(push);
        return '<xml><Content><![CDATA[theirs]]></Content></xml>';
      },
    });
    const push = plainPush(
      buildXml({
        ToUserName: 'gh_1',
        FromUserName: OPENID,
        CreateTime: Math.floor(NOW / 1000),
        MsgType: 'text',
        Content: 'hi',
        MsgId: '42',
      }),
    );
    const rawQuery = new URLSearchParams(push.query as Record<string, string>).toString();
    const res = await handle({ ...push, rawQuery });
    assert.equal(res.body, '<xml><Content><![CDATA[theirs]]></Content></xml>');
    assert.deepEqual(relayed, [{ rawQuery, rawBody: push.rawBody }]);
    const retry = await handle({ ...push, rawQuery });
    assert.equal(retry.body, res.body, 'a retry gets the same reply');
    assert.equal(relayed.length, 1, 'and is not relayed twice');
  });

  it('answers success once the relay deadline passes, well before WeChat gives up', async () => {
    const { handle } = setup({
      onMessage: async () => RELAY,
      relayTimeoutMs: 200,
      relay: (_push, signal) =>
        new Promise((resolve) => {
          const timer = setTimeout(() => resolve('<xml>late</xml>'), 2000);
          signal.addEventListener('abort', () => clearTimeout(timer));
        }),
    });
    const started = Date.now();
    const res = await handle(plainPush(eventXml({ Event: 'CLICK', EventKey: 'OTHER' })));
    assert.deepEqual([res.status, res.body], [200, 'success']);
    assert.ok(Date.now() - started < 1000);
  });
});

describe('webhook: compatible and safe mode', () => {
  it("decrypts Tencent's compatible-mode sample and answers an encrypted reply", async () => {
    const s = PYTHON_SAMPLE;
    const { handle, seen } = setup({
      token: s.token,
      appId: s.appId,
      encodingAesKey: s.encodingAesKey,
      now: () => Number(s.timestamp) * 1000,
    });
    const res = await handle({
      method: 'POST',
      query: { timestamp: s.timestamp, nonce: s.nonce, encrypt_type: 'aes', msg_signature: s.msgSignature },
      rawBody: s.body,
    });
    assert.equal(res.status, 200);
    assert.equal(seen[0].kind === 'text' && seen[0].content, 'abcdteT');
    assert.equal(seen[0].kind === 'text' && seen[0].msgId, '6054768590064713728');
    const envelope = parseXml(res.body);
    assert.deepEqual(Object.keys(envelope).sort(), ['Encrypt', 'MsgSignature', 'Nonce', 'TimeStamp']);
    assert.equal(envelope.TimeStamp, s.timestamp);
    assert.equal(
      envelope.MsgSignature,
      computeSignature(s.token, envelope.TimeStamp, envelope.Nonce, envelope.Encrypt),
    );
    const inner = parseXml(openReply({ body: res.body, token: s.token, appId: s.appId, aesKey: s.encodingAesKey })!);
    assert.deepEqual(
      [inner.ToUserName, inner.FromUserName, inner.Content],
      ['oyORnuP8q7ou2gfYjqLzSIWZf0rs', 'gh_10f6c3c3ac5a', 'echo: abcdteT'],
    );
  });

  it('handles a safe-mode event built by buildPushRequest (encrypted only)', async () => {
    const { handle, seen } = setup({ encodingAesKey: AES });
    const req = buildPushRequest({
      token: TOKEN,
      appId: APP_ID,
      aesKey: AES,
      mode: 'safe',
      messageXml: eventXml(),
      timestamp: String(Math.floor(NOW / 1000)),
      nonce: '42',
    });
    assert.equal(parseXml(req.rawBody).FromUserName, undefined);
    const res = await handle(req);
    assert.equal(res.status, 200);
    assert.equal(seen[0].kind === 'scan' && seen[0].scene, 'scene-123');
    const inner = parseXml(openReply({ body: res.body, token: TOKEN, appId: APP_ID, aesKey: AES })!);
    assert.equal(inner.Content, '绑定成功');
  });

  it('re-encrypts the stored reply for a retry', async () => {
    const { handle, seen } = setup({ encodingAesKey: AES });
    const req = buildPushRequest({
      token: TOKEN,
      appId: APP_ID,
      aesKey: AES,
      mode: 'safe',
      messageXml: eventXml(),
      timestamp: String(NOW / 1000),
      nonce: '1',
    });
    const a = await handle(req);
    const b = await handle(req);
    assert.equal(seen.length, 1);
    assert.notEqual(a.body, b.body);
    const open = (body: string) => openReply({ body, token: TOKEN, appId: APP_ID, aesKey: AES });
    assert.equal(open(a.body), open(b.body));
  });

  it('refuses a wrong msg_signature, a tampered Encrypt and another appid', async () => {
    const { handle, seen } = setup({ encodingAesKey: AES });
    const base = {
      token: TOKEN,
      aesKey: AES,
      mode: 'safe' as const,
      messageXml: eventXml(),
      timestamp: String(NOW / 1000),
      nonce: '7',
    };
    const req = buildPushRequest({ ...base, appId: APP_ID });

    const badSig = await handle({ ...req, query: { ...req.query, msg_signature: '0'.repeat(40) } });
    assert.deepEqual([badSig.status, errorCode(badSig.body)], [401, 'bad_signature']);

    const tampered = await handle({
      ...req,
      rawBody: req.rawBody.replace(
        /Encrypt><!\[CDATA\[(.)/,
        (_m, c: string) => `Encrypt><![CDATA[${c === 'A' ? 'B' : 'A'}`,
      ),
    });
    assert.equal(tampered.status, 401);

    const missingSig = await handle({ ...req, query: { ...req.query, msg_signature: undefined } });
    assert.equal(missingSig.status, 401);

    const other = buildPushRequest({ ...base, appId: 'wxffffffffffffffff' });
    const wrongApp = await handle(other);
    assert.deepEqual([wrongApp.status, errorCode(wrongApp.body)], [400, 'decrypt_appid_mismatch']);

    const encrypt = encryptMessage({ aesKey: AES, appId: APP_ID, message: '<!DOCTYPE x><xml/>' });
    const doctype = await handle({
      method: 'POST',
      query: {
        timestamp: base.timestamp,
        nonce: '8',
        encrypt_type: 'aes',
        msg_signature: computeSignature(TOKEN, base.timestamp, '8', encrypt),
      },
      rawBody: buildXml({ ToUserName: 'gh', Encrypt: encrypt }),
    });
    assert.deepEqual([doctype.status, errorCode(doctype.body)], [400, 'doctype']);
    assert.equal(seen.length, 0);
  });

  it('stops an encrypted push query from being reused with a forged plaintext body', async () => {
    const { handle, seen } = setup({ encodingAesKey: AES, allowPlaintext: true });
    const genuine = buildPushRequest({
      token: TOKEN,
      appId: APP_ID,
      aesKey: AES,
      mode: 'safe',
      messageXml: eventXml(),
      timestamp: String(NOW / 1000),
      nonce: '99',
    });
    assert.equal((await handle(genuine)).status, 200);
    const { signature, timestamp, nonce } = genuine.query;
    const forged = await handle({
      method: 'POST',
      query: { signature, timestamp, nonce },
      rawBody: eventXml({ FromUserName: 'o_attacker' }),
    });
    assert.deepEqual([forged.status, errorCode(forged.body)], [403, 'replayed_signature']);
    assert.equal(seen.length, 1);
  });

  it('refuses a stale encrypted push too', async () => {
    const { handle } = setup({ encodingAesKey: AES });
    const req = buildPushRequest({
      token: TOKEN,
      appId: APP_ID,
      aesKey: AES,
      mode: 'safe',
      messageXml: eventXml(),
      timestamp: String(NOW / 1000 - 3600),
      nonce: '1',
    });
    assert.equal((await handle(req)).status, 401);
  });
});

describe('webhook: idempotency', () => {
  it('calls onMessage once for the same event three times and answers the same reply', async () => {
    const { handle, seen } = setup();
    const xml = eventXml();
    const results: WebhookResult[] = [];
    for (const nonce of ['1', '2', '3']) results.push(await handle(plainPush(xml, undefined, nonce)));
    assert.equal(seen.length, 1);
    assert.ok(results.every((r) => r.status === 200 && r.body === results[0].body));
    assert.equal(parseXml(results[0].body).Content, '绑定成功');
  });

  it('keeps two different events of one user in the same second apart', async () => {
    const { handle, seen } = setup();
    await handle(plainPush(eventXml({ Event: 'subscribe', EventKey: 'qrscene_a' }), undefined, '1'));
    await handle(plainPush(eventXml({ Event: 'SCAN', EventKey: 'a' }), undefined, '2'));
    assert.equal(seen.length, 2);
  });

  it('releases the claim when onMessage throws, answers 503 (no acknowledgement), and lets a retry try again', async () => {
    let fail = true;
    const { handle, errors, seen } = setup({
      onMessage: async (msg) => {
        seen.push(msg);
        if (fail) throw new Error('database is down');
        return 'ok now';
      },
    });
    const first = await handle(plainPush(eventXml(), undefined, '1'));
    assert.equal(first.status, 503);
    assert.equal(errorCode(first.body), 'handler_failed');
    assert.equal(errors.length, 1);
    assert.deepEqual(errors[0].context, { stage: 'onMessage', kind: 'scan' });
    assert.ok(!JSON.stringify(errors[0].context).includes(OPENID));
    fail = false;
    const retry = await handle(plainPush(eventXml(), undefined, '2'));
    assert.equal(parseXml(retry.body).Content, 'ok now');
    assert.equal(seen.length, 2);
  });

  it('makes a retry wait for the first attempt and answer its reply', async () => {
    let calls = 0;
    const { handle } = setup({
      busyPollMs: 10,
      onMessage: async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 150));
        return 'slow reply';
      },
    });
    const [a, b] = await Promise.all([
      handle(plainPush(eventXml(), undefined, '1')),
      handle(plainPush(eventXml(), undefined, '2')),
    ]);
    assert.equal(calls, 1);
    assert.equal(parseXml(a.body).Content, 'slow reply');
    assert.equal(b.body, a.body);
  });

  it('answers 503 to a retry when the first attempt is still busy after the wait (nothing acknowledged)', async () => {
    let calls = 0;
    const { handle } = setup({
      busyPollMs: 10,
      busyWaitMs: 50,
      leaseMs: 10_000,
      onMessage: async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 300));
        return 'late';
      },
    });
    const first = handle(plainPush(eventXml(), undefined, '1'));
    const retry = await handle(plainPush(eventXml(), undefined, '2'));
    assert.equal(retry.status, 503);
    assert.equal(errorCode(retry.body), 'in_progress');
    assert.equal(parseXml((await first).body).Content, 'late');
    assert.equal(calls, 1);
  });

  it('takes over a claim whose holder crashed once its lease lapses', async () => {
    const { handle, dedup, seen } = setup({ leaseMs: 100, busyPollMs: 10 });
    // A process claimed the event and died before completing it.
    assert.deepEqual(await dedup.claim(`evt:${OPENID}:${Math.floor(NOW / 1000)}:SCAN:scene-123`, 100, 600), {
      state: 'claimed',
    });
    const res = await handle(plainPush(eventXml()));
    assert.equal(seen.length, 1);
    assert.equal(parseXml(res.body).Content, '绑定成功');
  });

  it('answers 503 at the deadline, never success for uncommitted work, and stores the late reply for the next retry', async () => {
    let calls = 0;
    const { handle } = setup({
      deadlineMs: 100,
      busyPollMs: 10,
      onMessage: async () => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 250));
        return 'finished late';
      },
    });
    const started = Date.now();
    const first = await handle(plainPush(eventXml(), undefined, '1'));
    assert.ok(Date.now() - started < 200, 'answered within the deadline');
    assert.equal(first.status, 503, 'no 2xx: WeChat delivers again');
    assert.equal(errorCode(first.body), 'deadline');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const retry = await handle(plainPush(eventXml(), undefined, '2'));
    assert.equal(parseXml(retry.body).Content, 'finished late');
    assert.equal(calls, 1);
  });

  it('answers 500 and reports when the dedup store fails', async () => {
    const broken: DedupStore = {
      claim: async () => {
        throw new Error('connection refused');
      },
      complete: async () => undefined,
      release: async () => undefined,
    };
    const { handle, errors, seen } = setup({ dedup: broken });
    const res = await handle(plainPush(eventXml()));
    assert.equal(res.status, 500);
    assert.equal(errors.length, 1);
    assert.equal(seen.length, 0);
  });
});
