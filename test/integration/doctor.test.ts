import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, afterEach, before, describe, it } from 'node:test';
import { SIMULATOR_ACCOUNT } from '../../lib/config';
import { startTestServer, TEST_APP_SECRET, type TestServer } from '../helpers/server';

const TEMPLATE_ID = 'doctor-code-template';

/**
 * `npm run doctor` is `tsx scripts/doctor.ts`: run that script as its own process, configured like a
 * production instance whose WeChat is the test server's simulator.
 */
describe('npm run doctor against the simulator', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ WECHAT_TEMPLATE_ID_CODE: TEMPLATE_ID });
  });
  afterEach(() => {
    server.simulator!.driver.faults.reset();
  });
  after(async () => {
    await server.stop();
  });

  function doctor(env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'scripts/doctor.ts', '--lang', 'en'],
        {
          env: {
            PATH: process.env.PATH,
            NODE_ENV: 'test',
            WECHAT_SIMULATOR: 'off',
            WECHAT_API_BASE: `${server.url}/sim`,
            WECHAT_APPID: SIMULATOR_ACCOUNT.appId,
            WECHAT_APPSECRET: SIMULATOR_ACCOUNT.appSecret,
            WECHAT_TOKEN: SIMULATOR_ACCOUNT.token,
            WECHAT_TEMPLATE_ID_CODE: TEMPLATE_ID,
            APP_SECRET: TEST_APP_SECRET,
            DATABASE_URL: server.services.config.databaseUrl,
            ...env,
          },
          timeout: 60_000,
        },
        (err, stdout, stderr) => {
          const code = err ? ((err as { code?: number }).code ?? 1) : 0;
          resolve({ code: typeof code === 'number' ? code : 1, out: stdout + stderr });
        },
      );
    });
  }
  const isCheck = (l: string, name: string) => /^(PASS|FAIL|SKIP) /.test(l) && l.includes(` ${name} `);
  const line = (out: string, name: string) => out.split('\n').find((l) => isCheck(l, name)) ?? '';
  const fixAfter = (out: string, name: string) => {
    const lines = out.split('\n');
    const i = lines.findIndex((l) => isCheck(l, name));
    return i >= 0 && lines[i + 1]?.trim().startsWith('→') ? lines[i + 1] : '';
  };

  it('passes every check when the simulator has no fault', async () => {
    const { code, out } = await doctor();
    assert.equal(code, 0, out);
    for (const name of [
      'Access token',
      'IP allowlist',
      'Parametric QR codes',
      'QR quota',
      'Code template',
      'Custom menu',
      'APP_SECRET',
      'Database',
      'Redis',
    ])
      assert.match(line(out, name), /^PASS /, `${name}: ${out}`);
    assert.match(out, /0 failed/);
  });

  it('40164: prints the IP WeChat saw and how to allow it', async () => {
    server.simulator!.driver.faults.allowedIps(['203.0.113.7']);
    const { code, out } = await doctor();
    assert.equal(code, 1);
    assert.match(line(out, 'IP allowlist'), /^FAIL .*WeChat saw this server's IP as 127\.0\.0\.1.*40164/);
    assert.match(fixAfter(out, 'IP allowlist'), /add 127\.0\.0\.1 under .*IP allowlist/);
    assert.match(line(out, 'Access token'), /^FAIL .*40164/);
    assert.match(line(out, 'QR quota'), /^SKIP /, 'needs a token');
  });

  it('quota exhausted: qrcode/create and the quota both fail with the reset advice', async () => {
    server.simulator!.driver.faults.qrDailyLimit(0);
    const { code, out } = await doctor();
    assert.equal(code, 1);
    assert.match(line(out, 'Parametric QR codes'), /^FAIL .*45009/);
    assert.match(line(out, 'QR quota'), /^FAIL .*quota is spent/);
    assert.match(fixAfter(out, 'QR quota'), /midnight Beijing time.*clear_quota/);
  });

  it('token failure: an unreachable token endpoint and a wrong secret each name their fix', async () => {
    server.simulator!.driver.faults.failNext(5, { status: 503, path: '/cgi-bin/stable_token' });
    const down = await doctor();
    assert.equal(down.code, 1);
    assert.match(line(down.out, 'Access token'), /^FAIL .*could not get an access token/);
    assert.match(fixAfter(down.out, 'Access token'), /cannot reach WECHAT_API_BASE/);
    server.simulator!.driver.faults.reset();

    const wrong = await doctor({ WECHAT_APPSECRET: 'not-the-secret' });
    assert.equal(wrong.code, 1);
    assert.match(line(wrong.out, 'Access token'), /^FAIL .*40125/);
    assert.match(fixAfter(wrong.out, 'Access token'), /WECHAT_APPSECRET/);
  });

  it('missing template: names the template id and where to add it', async () => {
    assert.ok(server.simulator!.driver.removeTemplate(TEMPLATE_ID));
    try {
      const { code, out } = await doctor();
      assert.equal(code, 1);
      assert.match(line(out, 'Code template'), new RegExp(`^FAIL .*template ${TEMPLATE_ID} is not among`));
      assert.match(fixAfter(out, 'Code template'), /WECHAT_TEMPLATE_ID_CODE/);
    } finally {
      server.simulator!.driver.addTemplate(TEMPLATE_ID, {
        title: '验证码通知',
        content: '{{keyword1.DATA}}\n{{keyword2.DATA}}',
      });
    }
  });

  it('a subscription account, a menu without BIND_ACCOUNT and a weak APP_SECRET each fail with their fix', async () => {
    server.simulator!.driver.faults.accountType('subscription');
    server.simulator!.driver.setMenu([{ type: 'view', name: '官网', url: 'https://example.com' }]);
    try {
      const { code, out } = await doctor({ APP_SECRET: 'a'.repeat(40) });
      assert.equal(code, 1);
      assert.match(line(out, 'Parametric QR codes'), /^FAIL .*48001/);
      assert.match(fixAfter(out, 'Parametric QR codes'), /WECHAT_ACCOUNT_TYPE=subscription/);
      assert.match(line(out, 'Custom menu'), /^FAIL .*BIND_ACCOUNT/);
      assert.match(line(out, 'APP_SECRET'), /^FAIL .*too weak/);
    } finally {
      server.simulator!.driver.setMenu([{ type: 'click', name: '绑定账号', key: 'BIND_ACCOUNT' }]);
    }
  });

  it('an unreachable database and Redis fail with their fix; PUBLIC_URL must be https in production', async () => {
    const { code, out } = await doctor({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
      REDIS_URL: 'redis://127.0.0.1:1',
      NODE_ENV: 'production',
      PUBLIC_URL: 'http://login.example.com',
    });
    assert.equal(code, 1);
    assert.match(line(out, 'Database'), /^FAIL /);
    assert.match(fixAfter(out, 'Database'), /DATABASE_URL/);
    assert.match(line(out, 'Redis'), /^FAIL /);
    assert.match(line(out, 'PUBLIC_URL'), /^FAIL .*not https in production/);
    assert.match(fixAfter(out, 'PUBLIC_URL'), /https:\/\/login\.example\.com/);
  });
});
