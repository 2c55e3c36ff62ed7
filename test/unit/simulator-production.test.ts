import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../lib/config';

const SECRET = 'test-app-secret-0123456789abcdef0123456789';

describe('the WeChat simulator and NODE_ENV=production (issue 13, item 1)', () => {
  it('refuses WECHAT_SIMULATOR=on with NODE_ENV=production in one line naming the variable', () => {
    for (const on of ['on', '1', 'true', 'yes']) {
      assert.throws(
        () => loadConfig({ NODE_ENV: 'production', APP_SECRET: SECRET, WECHAT_SIMULATOR: on }),
        (err: unknown) =>
          err instanceof ConfigError &&
          /^WECHAT_SIMULATOR: .*NODE_ENV=production/.test(err.message) &&
          !err.message.includes('\n'),
      );
    }
  });

  it('never turns the simulator on by default in production, and allows it for npm run dev and NODE_ENV=test', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production', APP_SECRET: SECRET }), /WECHAT_APPID/);
    const real = loadConfig({
      NODE_ENV: 'production',
      APP_SECRET: SECRET,
      WECHAT_APPID: 'wxreal',
      WECHAT_APPSECRET: 's',
      WECHAT_TOKEN: 'tok123',
    });
    assert.equal(real.simulator, false);
    assert.equal(loadConfig({ NODE_ENV: 'test', APP_SECRET: SECRET, WECHAT_SIMULATOR: 'on' }).simulator, true);
    assert.equal(loadConfig({ NODE_ENV: 'development', APP_SECRET: SECRET }).simulator, true);
  });

  it('npm start with the simulator exits non-zero with one clear line before listening', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: '0',
        APP_SECRET: SECRET,
        WECHAT_SIMULATOR: 'on',
        DATABASE_URL: ':memory:',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(run.status, 1);
    assert.equal(run.stdout, '', 'nothing was started');
    assert.match(run.stderr.trim(), /^config error: WECHAT_SIMULATOR: .*NODE_ENV=production[^\n]*$/);
  });
});
