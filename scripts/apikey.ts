// npm run apikey -- create NAME [--rate N] | revoke NAME | list
import { createApiKey, DEFAULT_RATE_PER_MINUTE, revokeApiKey } from '../lib/apikeys/api-keys';
import { runCli } from './cli';

const USAGE = `usage:
  npm run apikey -- create NAME [--rate N]   create a key (printed once; N calls per minute, default ${DEFAULT_RATE_PER_MINUTE})
  npm run apikey -- revoke NAME              revoke the live key named NAME
  npm run apikey -- list                     list keys (never their values)`;

void runCli(USAGE, async (db, [command, name, ...rest]) => {
  const now = Date.now();
  if (command === 'create' && name) {
    const rateAt = rest.indexOf('--rate');
    const ratePerMinute = rateAt >= 0 ? Number(rest[rateAt + 1]) : undefined;
    const created = await createApiKey(db.repos, { name, ratePerMinute }, now);
    console.log(created.key);
    console.error(
      `API key "${created.name}" created (${created.ratePerMinute}/min). It is shown only once: store it now.`,
    );
  } else if (command === 'revoke' && name) {
    await revokeApiKey(db.repos, name, now);
    console.log(`API key "${name}" revoked.`);
  } else if (command === 'list') {
    for (const key of await db.repos.apiKeys.list())
      console.log(
        [
          key.name,
          key.revokedAt ? `revoked ${new Date(key.revokedAt).toISOString()}` : 'live',
          `${key.ratePerMinute}/min`,
          `created ${new Date(key.createdAt).toISOString()}`,
          key.lastUsedAt ? `last used ${new Date(key.lastUsedAt).toISOString()}` : 'never used',
        ].join('\t'),
      );
  } else {
    console.error(USAGE);
    process.exitCode = 1;
  }
});
