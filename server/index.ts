// Entry point: `npm run dev` (hot reload) and `npm start` (production build).
import { type Config, ConfigError, loadConfig } from '../lib/config';
import { startServer } from './start';

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const problem of err.problems) console.error(`config error: ${problem}`);
      if (err.problems.length > 1) console.error(`(${err.problems.length} settings to fix)`);
      process.exit(1);
    }
    throw err;
  }
  let stopping = false;
  const starting = startServer(config);
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // A signal during start-up waits for the start to finish, then closes cleanly.
    const server = await starting;
    server.services.log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  await starting;
}

main().catch((err: unknown) => {
  console.error(`startup failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
