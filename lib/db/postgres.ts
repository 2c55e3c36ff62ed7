import type { Database } from './types';

export async function openPostgres(_url: string): Promise<Database> {
  throw new Error('DATABASE_URL: PostgreSQL support is being built');
}
