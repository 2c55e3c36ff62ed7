// `npm run doctor [-- --lang zh|en]`: checks this configuration (the same environment as `npm start`) against
// WeChat, the database and Redis; one line per check with its fix. Exits 1 when a check fails.
import path from 'node:path';
import { ConfigError, loadConfig } from '../lib/config';
import { runDoctor } from '../lib/doctor/checks';
import { pingRedis } from '../lib/doctor/ping-redis';
import { renderDoctorReport } from '../lib/doctor/render';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const langArg = args.find((a) => a.startsWith('--lang='))?.slice(7) ?? args[args.indexOf('--lang') + 1];
  const locale =
    langArg === 'zh' || langArg === 'en' ? langArg : /^zh/i.test(process.env.LANG ?? '') ? ('zh' as const) : 'en';
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`config error: ${err.message}`);
      return 2;
    }
    throw err;
  }
  console.log(`WeBind doctor: ${config.wechat.apiBase} (${config.wechat.appId})\n`);
  const results = await runDoctor({
    config,
    pingDatabase: () => pingDatabase(config.databaseUrl),
    pingRedis: () => pingRedis(config.redisUrl!),
  });
  process.stdout.write(renderDoctorReport(results, locale));
  return results.some((r) => r.state === 'fail') ? 1 : 0;
}

/** `select 1` without migrating or creating anything: a missing SQLite file is a failure. */
async function pingDatabase(url: string): Promise<void> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      await client.query('select 1');
    } finally {
      await client.end().catch(() => undefined);
    }
    return;
  }
  const BetterSqlite3 = (await import('better-sqlite3')).default;
  const file = url === ':memory:' ? ':memory:' : path.resolve(url.replace(/^file:/, ''));
  const db = new BetterSqlite3(file, { readonly: file !== ':memory:', fileMustExist: file !== ':memory:' });
  try {
    db.prepare('select 1').get();
  } finally {
    db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`doctor failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
