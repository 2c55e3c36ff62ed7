import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../lib/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  assert.fail('expected a ConfigError');
}

describe('configuration report at start', () => {
  it('lists every invalid or missing variable at once, one line each', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      PORT: 'eighty',
      QR_TTL_SECONDS: '5',
      DATABASE_URL: 'mysql://x',
      WECHAT_SIMULATOR: 'off',
      WECHAT_TOKEN: 'x',
    });
    const names = problems.map((p) => p.split(':')[0]).sort();
    assert.deepEqual(names, [
      'APP_SECRET',
      'DATABASE_URL',
      'PORT',
      'QR_TTL_SECONDS',
      'WECHAT_APPID',
      'WECHAT_APPSECRET',
      'WECHAT_TOKEN',
    ]);
    for (const line of problems) assert.doesNotMatch(line, /\n/);
  });

  it('reports the cross-variable rules even when every value parses', () => {
    const problems = problemsOf({ NODE_ENV: 'production', WECHAT_APPID: 'wx123', APP_SECRET: 'short' });
    assert.deepEqual(problems.sort(), [
      'APP_SECRET: must be at least 32 characters',
      'WECHAT_APPSECRET: required when the simulator is off',
      'WECHAT_TOKEN: required when the simulator is off',
    ]);
  });

  it('accepts a complete configuration', () => {
    const config = loadConfig({ NODE_ENV: 'test', APP_SECRET: 'x'.repeat(32), WECHAT_SIMULATOR: 'on' });
    assert.equal(config.simulator, true);
  });
});
