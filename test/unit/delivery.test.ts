import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkTemplate, ERRCODE_OUTCOMES } from '../../lib/delivery/deliver-message';
import { readKeywordCode } from '../../lib/scene/keyword-code';
import { isWeBindScene, newSceneId } from '../../lib/scene/scene-id';

describe('template rules (WeChat since 2023-05)', () => {
  it('refuses first/remark, a newline, and a value over 20 characters', () => {
    assert.doesNotThrow(() =>
      checkTemplate({ data: { keyword1: { value: '123456' }, keyword2: { value: '10 分钟' } } }),
    );
    assert.doesNotThrow(() => checkTemplate({ data: { k: { value: '一二三四五六七八九十一二三四五六七八九十' } } }));
    assert.throws(() => checkTemplate({ data: { first: { value: 'x' } } }), /first/);
    assert.throws(() => checkTemplate({ data: { remark: { value: 'x' } } }), /remark/);
    assert.throws(() => checkTemplate({ data: { k: { value: 'a\nb' } } }), /newline/);
    assert.throws(() => checkTemplate({ data: { k: { value: '一二三四五六七八九十一二三四五六七八九十一' } } }), /20/);
  });

  it('maps every errcode of custom/send and template/send that decides what happens next', () => {
    for (const code of [45015, 45047, 43004, 40003, 40037, 48001, 45009, 40164, 47001, 40097, -1]) {
      assert.ok(ERRCODE_OUTCOMES[code], `errcode ${code} has an outcome`);
    }
    assert.equal(ERRCODE_OUTCOMES[45015].outcome, 'window_closed');
    assert.equal(ERRCODE_OUTCOMES[43004].outcome, 'not_following');
  });
});

describe('keyword codes and scene ids', () => {
  it('reads a code in any case, with spaces or a dash, and ignores words', () => {
    assert.equal(readKeywordCode(' k7m-p2q '), 'K7MP2Q');
    assert.equal(readKeywordCode('THANKS'), null, 'no digit: a word, not a code');
    assert.equal(readKeywordCode('K7MP2O'), null, 'O is never in a code');
    assert.equal(readKeywordCode('K7MP2QX'), null);
  });

  it("WeBind's scene ids carry the wb_ prefix; others are foreign", () => {
    const id = newSceneId();
    assert.match(id, /^wb_[A-Za-z0-9_-]{24}$/);
    assert.equal(isWeBindScene(id), true);
    assert.equal(isWeBindScene('spring_campaign'), false);
    assert.equal(isWeBindScene('1024'), false);
  });
});

describe('the qrcode/create quota watch', () => {
  it('reads openapi/quota/get at start and warns at 80 % used, not below', async () => {
    const { watchQrQuota } = await import('../../lib/scene/qr-budget');
    const warnings: string[] = [];
    const infos: string[] = [];
    const log = {
      warn: (_o: unknown, msg?: string) => void warnings.push(msg ?? ''),
      info: (_o: unknown, msg?: string) => void infos.push(msg ?? ''),
    } as unknown as Parameters<typeof watchQrQuota>[0]['log'];
    let used = 79_999;
    const paths: string[] = [];
    const wechat = {
      getApiQuota: async (path: string) => {
        paths.push(path);
        return { dailyLimit: 100_000, used, remain: 100_000 - used };
      },
    };
    const watch = watchQrQuota({ wechat, log, now: () => 1, everyMs: 3_600_000 });
    try {
      await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(paths, ['/cgi-bin/qrcode/create'], 'read at start');
      assert.equal(warnings.length, 0);
      used = 80_000;
      await watch.check();
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /80 % used/);
      assert.deepEqual(watch.last(), { at: 1, dailyLimit: 100_000, used: 80_000, remain: 20_000 });
    } finally {
      watch.stop();
    }
  });
});
