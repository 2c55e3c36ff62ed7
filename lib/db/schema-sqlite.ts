// SQLite's tables, for drizzle-kit (drizzle.sqlite.config.ts) and lib/db/sqlite.ts: the one definition
// (lib/db/schema.ts) built with SQLite's builders. Times are integers of epoch milliseconds, booleans
// 0/1 integers, JSON is text.
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { type ColumnKit, defineSchema } from './schema';

const sqliteColumns = {
  ...{ table: sqliteTable, text, integer, index, uniqueIndex, primaryKey, check },
  id: (name: string) => integer(name).primaryKey({ autoIncrement: true }),
  ms: (name: string) => integer(name, { mode: 'number' }),
  bool: (name: string) => integer(name, { mode: 'boolean' }),
  json: (name: string) => text(name, { mode: 'json' }),
} as unknown as ColumnKit;

// biome-ignore format: the tables' names, packed (drizzle-kit reads a schema file's exported tables)
export const { users, sessions, wechatBindings, scenes, verificationCodes, linkNonces, webhookDedup, webhookReplay,
  accessTokens, rateLimits, auditLog, metricMinutes, opsState, oidcModels, oidcKeys, apiKeys, hostBindings,
  webhookEndpoints, webhookEvents, webhookDeliveries, webhookAttempts, events, eventSignups, wechatWindows,
  keywordCodes } = defineSchema(sqliteColumns);
