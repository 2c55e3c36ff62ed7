// PostgreSQL's tables, for drizzle-kit (drizzle.pg.config.ts) and lib/db/postgres.ts: the one definition
// (lib/db/schema.ts) built with PostgreSQL's own builders.
import { defineSchema, pgColumns } from './schema';

// biome-ignore format: the tables' names, packed (drizzle-kit reads a schema file's exported tables)
export const { users, sessions, wechatBindings, scenes, verificationCodes, linkNonces, webhookDedup, webhookReplay,
  accessTokens, rateLimits, auditLog, metricMinutes, opsState, oidcModels, oidcKeys, apiKeys, hostBindings,
  webhookEndpoints, webhookEvents, webhookDeliveries, webhookAttempts, events, eventSignups, wechatWindows,
  keywordCodes } = defineSchema(pgColumns);
