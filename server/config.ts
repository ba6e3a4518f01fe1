// Server configuration from the environment, validated once at start-up with readable errors.
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_RULES_DIR } from '../pipelines/rules/ruleLoader.js';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  OPSDECK_LAKE: z.string().default('data/lake'),
  OPSDECK_CLIENT_DIR: z.string().default('dist/client'),
  OPSDECK_HOT_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
  OPSDECK_SIM_SPEED: z.coerce.number().positive().max(100_000).default(1),
  OPSDECK_SIM_TICK_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  OPSDECK_FLUSH_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
  /** Live stream backpressure: stop sending to a client while this many bytes are buffered for it. */
  OPSDECK_LIVE_HWM_BYTES: z.coerce.number().int().min(1).default(8 * 1024 * 1024),
  /** Production source: NATS JetStream (unset = embedded simulator only). */
  OPSDECK_NATS_URL: z.string().min(1).optional(),
  OPSDECK_NATS_STREAM: z.string().regex(/^[A-Za-z0-9_-]+$/).default('OPSDECK_EVENTS'),
  OPSDECK_NATS_SUBJECT_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]+$/).default('opsdeck.events'),
  OPSDECK_NATS_DURABLE: z.string().regex(/^[A-Za-z0-9_-]+$/).default('opsdeck-ingest'),
  OPSDECK_SIMULATOR: z.enum(['on', 'off']).default('on'),
  /** Closed loop: rule directory, ticket store (DuckDB file; default beside the lake), webhook for ticket events. */
  /** How often the lake is re-rated for the revenue explorer and revenue at risk. */
  OPSDECK_REVENUE_REFRESH_MS: z.coerce.number().int().min(500).default(60_000),
  OPSDECK_AUTOMATION: z.enum(['on', 'off']).default('on'),
  OPSDECK_RULES_DIR: z.string().optional(),
  OPSDECK_STATE: z.string().optional(),
  /** Production ticket/rule store: PostgreSQL (same schema as the embedded file); when set, OPSDECK_STATE is not used. */
  OPSDECK_STATE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// connection URL').optional(),
  OPSDECK_WEBHOOK_URL: z.string().url().optional(),
  OPSDECK_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Size of the lake generated when none exists. */
  OPSDECK_SEED: z.coerce.number().int().nonnegative().default(42),
  OPSDECK_SITES: z.coerce.number().int().positive().default(300),
  OPSDECK_ACCOUNTS: z.coerce.number().int().positive().default(20_000),
  OPSDECK_DAYS: z.coerce.number().int().positive().max(366).default(7),
});

export interface ServerConfig {
  port: number;
  host: string;
  lakeDir: string;
  clientDir: string;
  hotHours: number;
  simSpeed: number;
  simTickMs: number;
  flushIntervalMs: number;
  liveHighWaterBytes: number;
  simulator: boolean;
  nats: { url: string; stream: string; subjectPrefix: string; durable: string } | null;
  logLevel: string;
  defaultLake: { seed: number; sites: number; accounts: number; days: number };
  revenueRefreshMs: number;
  automation: { rulesDir: string; statePath: string; stateUrl: string | null; webhookUrl: string | null } | null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const r = envSchema.safeParse(env);
  if (!r.success) {
    throw new Error(`bad configuration: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = r.data;
  return {
    port: e.PORT,
    host: e.HOST,
    lakeDir: path.resolve(e.OPSDECK_LAKE),
    clientDir: path.resolve(e.OPSDECK_CLIENT_DIR),
    hotHours: e.OPSDECK_HOT_HOURS,
    simSpeed: e.OPSDECK_SIM_SPEED,
    simTickMs: e.OPSDECK_SIM_TICK_MS,
    flushIntervalMs: e.OPSDECK_FLUSH_INTERVAL_MS,
    liveHighWaterBytes: e.OPSDECK_LIVE_HWM_BYTES,
    simulator: e.OPSDECK_SIMULATOR === 'on',
    nats: e.OPSDECK_NATS_URL ? {
      url: e.OPSDECK_NATS_URL, stream: e.OPSDECK_NATS_STREAM, subjectPrefix: e.OPSDECK_NATS_SUBJECT_PREFIX, durable: e.OPSDECK_NATS_DURABLE,
    } : null,
    logLevel: e.OPSDECK_LOG_LEVEL,
    defaultLake: { seed: e.OPSDECK_SEED, sites: e.OPSDECK_SITES, accounts: e.OPSDECK_ACCOUNTS, days: e.OPSDECK_DAYS },
    revenueRefreshMs: e.OPSDECK_REVENUE_REFRESH_MS,
    automation: e.OPSDECK_AUTOMATION === 'off' ? null : {
      rulesDir: e.OPSDECK_RULES_DIR ? path.resolve(e.OPSDECK_RULES_DIR) : DEFAULT_RULES_DIR,
      // Beside the lake (not inside it: the lake is data, the state is the product's memory).
      statePath: path.resolve(e.OPSDECK_STATE ?? `${path.resolve(e.OPSDECK_LAKE)}-state.duckdb`),
      stateUrl: e.OPSDECK_STATE_URL ?? null,
      webhookUrl: e.OPSDECK_WEBHOOK_URL ?? null,
    },
  };
}
