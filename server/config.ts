// Server configuration from the environment, validated once at start-up with readable errors.
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_RULES_DIR } from '../pipelines/rules/ruleLoader.js';
import { DEFAULT_POLICY_FILE } from '../pipelines/heal/autonomyPolicyFile.js';
import { DEFAULT_LEDGER_COSTS, type LedgerCosts } from '../schema/autonomy.js';
import { parseWebhookAllowlist, webhookUrlProblem } from '../pipelines/heal/webhookAllowlist.js';
import { WEBHOOK_FORMATS, type WebhookFormat } from '../pipelines/heal/webhookNotifier.js';
import { DEFAULT_REPORTS_DIR } from '../pipelines/reports/reportDefinition.js';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from './limits/limitPolicy.js';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Loopback only unless configured ('localhost' listens on both 127.0.0.1 and ::1); 0.0.0.0 exposes it to the network. */
  HOST: z.string().min(1).default('localhost'),
  OPSDECK_LAKE: z.string().default('data/lake'),
  OPSDECK_CLIENT_DIR: z.string().default('dist/client'),
  OPSDECK_HOT_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
  /** Memory budget of the hot window (MiB): a flood of events shortens the window instead of exhausting memory. */
  OPSDECK_HOT_MAX_MB: z.coerce.number().positive().max(1_000_000).default(2048),
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
  /** Deliveries of one NATS message before it is dead-lettered as poison (and acked). */
  OPSDECK_NATS_MAX_DELIVER: z.coerce.number().int().min(1).max(1000).default(10),
  /** Disk cap of dead-letter bodies, oldest files rotated away first; counts by reason are kept whole. */
  OPSDECK_DEAD_LETTER_MAX_MB: z.coerce.number().positive().max(1_000_000).default(64),
  OPSDECK_SIMULATOR: z.enum(['on', 'off']).default('on'),
  /** How often the lake is re-rated for the revenue explorer and revenue at risk. */
  OPSDECK_REVENUE_REFRESH_MS: z.coerce.number().int().min(500).default(60_000),
  OPSDECK_AUTOMATION: z.enum(['on', 'off']).default('on'),
  OPSDECK_RULES_DIR: z.string().optional(),
  /** Runbook autonomy ceilings, guards and blocklist (default pipelines/rules/policy/autonomy.yaml). */
  OPSDECK_AUTONOMY_POLICY: z.string().optional(),
  /** What a false ticket (engineer time) and a needless runbook run cost in the autonomy ledger, in fen. */
  OPSDECK_FALSE_TICKET_COST_FEN: z.coerce.number().int().min(0).max(100_000_000).default(DEFAULT_LEDGER_COSTS.falseTicketFen),
  OPSDECK_ACTION_COST_FEN: z.coerce.number().int().min(0).max(100_000_000).default(DEFAULT_LEDGER_COSTS.actionFen),
  OPSDECK_STATE: z.string().optional(),
  /** Production ticket/rule store: PostgreSQL (same schema as the embedded file); when set, OPSDECK_STATE is not used. */
  OPSDECK_STATE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// connection URL').optional(),
  OPSDECK_WEBHOOK_URL: z.string().url().regex(/^https?:\/\//, 'webhooks are http(s) only').optional(),
  /** Hosts (host or host:port) outbound webhooks may reach; a webhook URL outside it is a configuration error. */
  OPSDECK_WEBHOOK_ALLOWLIST: z.string().default(''),
  /** HMAC-SHA256 key signing ticket webhooks (x-opsdeck-signature over "<timestamp>.<body>"); unset: unsigned. */
  OPSDECK_WEBHOOK_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  /** Body of ticket webhooks: OpsDeck's JSON, or Prometheus Alertmanager's webhook payload (v4) for Alertmanager receivers. */
  OPSDECK_WEBHOOK_FORMAT: z.enum(WEBHOOK_FORMATS).default('opsdeck'),
  /** Report definitions (reports/*.yaml), the archive of rendered PDFs, and the secret that signs report webhooks. */
  OPSDECK_REPORTS_DIR: z.string().optional(),
  OPSDECK_REPORT_ARCHIVE_DIR: z.string().optional(),
  OPSDECK_REPORT_WEBHOOK_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  /** Identity: the first admin's password (else a random one is printed once); session and lockout policy. */
  OPSDECK_ADMIN_PASSWORD: z.string().min(1).max(256).optional(),
  OPSDECK_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  OPSDECK_SESSION_IDLE_MINUTES: z.coerce.number().positive().max(24 * 60 * 30).default(120),
  OPSDECK_LOGIN_LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  OPSDECK_LOGIN_LOCKOUT_MINUTES: z.coerce.number().positive().max(24 * 60).default(15),
  /** Optional single sign-on (OpenID Connect, authorization code + PKCE); all three of issuer, client id and redirect URL to turn it on. */
  OPSDECK_OIDC_ISSUER: z.string().url().optional(),
  OPSDECK_OIDC_CLIENT_ID: z.string().min(1).optional(),
  OPSDECK_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OPSDECK_OIDC_REDIRECT_URL: z.string().url().optional(),
  OPSDECK_OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
  OPSDECK_OIDC_USERNAME_CLAIM: z.string().min(1).default('preferred_username'),
  OPSDECK_OIDC_LABEL: z.string().min(1).max(64).default('single sign-on'),
  /** Per-client request rate (sustained per second, and burst); 0 turns the rate limit off. */
  OPSDECK_RATE_LIMIT_RPS: z.coerce.number().min(0).max(100_000).default(DEFAULT_REQUEST_LIMITS.rateLimitPerSec),
  OPSDECK_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_REQUEST_LIMITS.rateLimitBurst),
  /** Heavy requests (snapshots, window queries, reports, dry-runs) running at once server-wide, and waiting; 0 turns it off. */
  OPSDECK_HEAVY_CONCURRENCY: z.coerce.number().int().min(0).max(1000).default(DEFAULT_REQUEST_LIMITS.heavyConcurrency),
  OPSDECK_HEAVY_QUEUE: z.coerce.number().int().min(0).max(100_000).default(DEFAULT_REQUEST_LIMITS.heavyQueue),
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
  hotMaxBytes: number;
  simSpeed: number;
  simTickMs: number;
  flushIntervalMs: number;
  deadLetterMaxBytes: number;
  liveHighWaterBytes: number;
  simulator: boolean;
  nats: { url: string; stream: string; subjectPrefix: string; durable: string; maxDeliver: number } | null;
  logLevel: string;
  defaultLake: { seed: number; sites: number; accounts: number; days: number };
  revenueRefreshMs: number;
  /** The product's memory (users, sessions, audit, tickets, rules): PostgreSQL at `url` if set, else the DuckDB file at `path`. */
  state: { path: string; url: string | null };
  /** `webhookSecret` signs the ticket webhook's payloads (HMAC-SHA256); null: unsigned. `webhookFormat` is the body's shape. */
  automation: {
    rulesDir: string; webhookUrl: string | null; webhookSecret: string | null; webhookFormat: WebhookFormat;
    policyFile: string; ledgerCosts: LedgerCosts;
  } | null;
  reports: ReportsConfig;
  identity: IdentityConfig;
  /** Per-client rate limit and the heavy-work concurrency limit (answered with 429 and Retry-After). */
  limits: RequestLimits;
}

export interface ReportsConfig {
  dir: string;
  /** Rendered PDFs; default `report-archive/` beside the state file (with PostgreSQL state: shared storage for replicas). */
  archiveDir: string;
  webhookAllowlist: string[];
  /** HMAC-SHA256 key for the `x-opsdeck-signature` header of report webhooks; null: unsigned. */
  webhookSecret: string | null;
}

export interface OidcConfig {
  issuer: string; clientId: string; clientSecret: string | null; redirectUrl: string;
  rolesClaim: string; usernameClaim: string; label: string;
}

export interface IdentityConfig {
  adminPassword: string | null;
  sessionTtlMs: number;
  sessionIdleMs: number;
  lockoutThreshold: number;
  lockoutMs: number;
  oidc: OidcConfig | null;
}

/** The webhook URL, if its host is on the allowlist (else a readable configuration error). */
function allowedWebhook(url: string | undefined, allowlist: string): string | null {
  if (!url) return null;
  const problem = webhookUrlProblem(url, parseWebhookAllowlist(allowlist));
  if (problem) throw new Error(`bad configuration: OPSDECK_WEBHOOK_URL ${problem}`);
  return url;
}

function oidcConfig(e: z.infer<typeof envSchema>): OidcConfig | null {
  const set = [e.OPSDECK_OIDC_ISSUER, e.OPSDECK_OIDC_CLIENT_ID, e.OPSDECK_OIDC_REDIRECT_URL].filter(Boolean).length;
  if (set === 0) return null;
  if (set < 3) throw new Error('bad configuration: OPSDECK_OIDC_ISSUER, OPSDECK_OIDC_CLIENT_ID and OPSDECK_OIDC_REDIRECT_URL go together');
  return {
    issuer: e.OPSDECK_OIDC_ISSUER!, clientId: e.OPSDECK_OIDC_CLIENT_ID!, clientSecret: e.OPSDECK_OIDC_CLIENT_SECRET ?? null,
    redirectUrl: e.OPSDECK_OIDC_REDIRECT_URL!, rolesClaim: e.OPSDECK_OIDC_ROLES_CLAIM, usernameClaim: e.OPSDECK_OIDC_USERNAME_CLAIM,
    label: e.OPSDECK_OIDC_LABEL,
  };
}

function reportsConfig(e: z.infer<typeof envSchema>, statePath: string): ReportsConfig {
  return {
    dir: e.OPSDECK_REPORTS_DIR ? path.resolve(e.OPSDECK_REPORTS_DIR) : DEFAULT_REPORTS_DIR,
    archiveDir: path.resolve(e.OPSDECK_REPORT_ARCHIVE_DIR ?? path.join(path.dirname(statePath), 'report-archive')),
    webhookAllowlist: parseWebhookAllowlist(e.OPSDECK_WEBHOOK_ALLOWLIST),
    webhookSecret: e.OPSDECK_REPORT_WEBHOOK_SECRET ?? null,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const r = envSchema.safeParse(env);
  if (!r.success) {
    throw new Error(`bad configuration: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = r.data;
  // Beside the lake (not inside it: the lake is data, the state is the product's memory).
  const statePath = path.resolve(e.OPSDECK_STATE ?? `${path.resolve(e.OPSDECK_LAKE)}-state.duckdb`);
  return {
    port: e.PORT,
    host: e.HOST,
    lakeDir: path.resolve(e.OPSDECK_LAKE),
    clientDir: path.resolve(e.OPSDECK_CLIENT_DIR),
    hotHours: e.OPSDECK_HOT_HOURS,
    hotMaxBytes: Math.round(e.OPSDECK_HOT_MAX_MB * 1024 * 1024),
    simSpeed: e.OPSDECK_SIM_SPEED,
    simTickMs: e.OPSDECK_SIM_TICK_MS,
    flushIntervalMs: e.OPSDECK_FLUSH_INTERVAL_MS,
    deadLetterMaxBytes: Math.round(e.OPSDECK_DEAD_LETTER_MAX_MB * 1024 * 1024),
    liveHighWaterBytes: e.OPSDECK_LIVE_HWM_BYTES,
    simulator: e.OPSDECK_SIMULATOR === 'on',
    nats: e.OPSDECK_NATS_URL ? {
      url: e.OPSDECK_NATS_URL, stream: e.OPSDECK_NATS_STREAM, subjectPrefix: e.OPSDECK_NATS_SUBJECT_PREFIX, durable: e.OPSDECK_NATS_DURABLE,
      maxDeliver: e.OPSDECK_NATS_MAX_DELIVER,
    } : null,
    logLevel: e.OPSDECK_LOG_LEVEL,
    defaultLake: { seed: e.OPSDECK_SEED, sites: e.OPSDECK_SITES, accounts: e.OPSDECK_ACCOUNTS, days: e.OPSDECK_DAYS },
    revenueRefreshMs: e.OPSDECK_REVENUE_REFRESH_MS,
    state: {
      path: statePath,
      url: e.OPSDECK_STATE_URL ?? null,
    },
    automation: e.OPSDECK_AUTOMATION === 'off' ? null : {
      rulesDir: e.OPSDECK_RULES_DIR ? path.resolve(e.OPSDECK_RULES_DIR) : DEFAULT_RULES_DIR,
      policyFile: e.OPSDECK_AUTONOMY_POLICY ? path.resolve(e.OPSDECK_AUTONOMY_POLICY) : DEFAULT_POLICY_FILE,
      ledgerCosts: { falseTicketFen: e.OPSDECK_FALSE_TICKET_COST_FEN, actionFen: e.OPSDECK_ACTION_COST_FEN },
      webhookUrl: allowedWebhook(e.OPSDECK_WEBHOOK_URL, e.OPSDECK_WEBHOOK_ALLOWLIST),
      webhookSecret: e.OPSDECK_WEBHOOK_SECRET ?? null,
      webhookFormat: e.OPSDECK_WEBHOOK_FORMAT,
    },
    reports: reportsConfig(e, statePath),
    identity: {
      adminPassword: e.OPSDECK_ADMIN_PASSWORD ?? null,
      sessionTtlMs: e.OPSDECK_SESSION_HOURS * 3_600_000,
      sessionIdleMs: e.OPSDECK_SESSION_IDLE_MINUTES * 60_000,
      lockoutThreshold: e.OPSDECK_LOGIN_LOCKOUT_THRESHOLD,
      lockoutMs: e.OPSDECK_LOGIN_LOCKOUT_MINUTES * 60_000,
      oidc: oidcConfig(e),
    },
    limits: {
      rateLimitPerSec: e.OPSDECK_RATE_LIMIT_RPS, rateLimitBurst: e.OPSDECK_RATE_LIMIT_BURST,
      heavyConcurrency: e.OPSDECK_HEAVY_CONCURRENCY, heavyQueue: e.OPSDECK_HEAVY_QUEUE,
    },
  };
}
