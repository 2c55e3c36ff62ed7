import { createClient } from 'redis';

/** Connects once to `url`, sends PING and disconnects; no retries (the doctor reports, it does not wait). */
export async function pingRedis(url: string): Promise<void> {
  const client = createClient({ url, socket: { connectTimeout: 5000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } finally {
    if (client.isOpen) await client.quit().catch(() => undefined);
  }
}
