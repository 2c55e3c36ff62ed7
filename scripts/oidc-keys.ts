// `npm run oidc-keys -- list` / `rotate`: the OpenID Provider's signing keys (kept in the database).
import { ConfigError, loadConfig } from '../lib/config';
import { openDatabase } from '../lib/db';
import { RETIRED_KEY_PUBLISHED_MS, rotateSigningKeys } from '../lib/oidc/keys';

const USAGE = 'usage: npm run oidc-keys -- list | rotate';

async function main(command: string | undefined): Promise<number> {
  if (command !== 'list' && command !== 'rotate') {
    console.error(USAGE);
    return 2;
  }
  const db = await openDatabase(loadConfig().databaseUrl, { now: Date.now });
  try {
    if (command === 'rotate') {
      const { kid, retired } = await rotateSigningKeys(db.oidc, Date.now());
      console.log(`new signing key ${kid}; ${retired} older key(s) retired and still published for`);
      console.log(`${RETIRED_KEY_PUBLISHED_MS / 3600_000} h. Restart every instance to sign with the new key.`);
    }
    for (const key of await db.oidc.listKeys()) {
      const state = key.retiredAt ? `retired ${new Date(key.retiredAt).toISOString()}` : 'active';
      console.log(`${key.kid}  ${key.jwk.alg}  created ${new Date(key.createdAt).toISOString()}  ${state}`);
    }
    return 0;
  } finally {
    await db.close();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError ? `config error: ${err.message}` : String(err));
    process.exit(1);
  },
);
