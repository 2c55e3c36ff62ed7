// Runs the test suites with node's test runner: `node test/run.mjs [unit|integration|e2e ...]`.
// The integration suite runs twice: on SQLite, then on PostgreSQL when one answers on 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const suites = process.argv.slice(2).length ? process.argv.slice(2) : ['unit', 'integration', 'e2e'];
const filesOf = (suite) => {
  const files = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.test.ts')) files.push(full);
    }
  };
  walk(path.join('test', suite));
  return files;
};

function run(files, env = {}) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...files],
    {
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...env },
    },
  );
  return result.status ?? 1;
}

async function postgresUp() {
  const client = new pg.Client({
    connectionString: process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const files = suites.flatMap(filesOf);
if (files.length === 0) {
  console.error(`no test files under ${suites.join(', ')}`);
  process.exit(1);
}
let status = run(files);

if (suites.includes('integration')) {
  // repos.test.ts already runs its contract on both dialects.
  const again = filesOf('integration').filter((f) => !f.endsWith('repos.test.ts') && !f.includes('multi-instance'));
  if (await postgresUp()) {
    console.log('\n# integration suite again, on PostgreSQL\n');
    status = run(again, { WEBIND_TEST_DB: 'postgres' }) || status;
  } else {
    console.warn(
      '\n!!! PostgreSQL is not reachable on 127.0.0.1:5432: the PostgreSQL pass of the integration suite is SKIPPED !!!\n',
    );
  }
}
process.exit(status);
