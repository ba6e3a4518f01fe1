// Composes the server's closed loop: state store, rules, silences, heal loop, the detection loop that drives them, and the ticket desk.
import type { DryRunResult, RuleProblemInfo, Ticket, TicketEvent } from '../../schema/automation.js';
import { HealLoop, type HealStats } from '../../pipelines/heal/healLoop.js';
import type { NetworkController } from '../../pipelines/heal/networkController.js';
import { DuckDbDriver, type SqlDriver } from '../../pipelines/heal/sqlDriver.js';
import { TicketStore } from '../../pipelines/heal/ticketStore.js';
import { WebhookNotifier, type WebhookFormat, type WebhookStats } from '../../pipelines/heal/webhookNotifier.js';
import type { IngestPipeline } from '../../pipelines/ingest/ingestPipeline.js';
import type { FactReader } from '../../pipelines/lake/factReader.js';
import type { Site } from '../../schema/tables.js';
import { DataScope } from '../identity/dataScope.js';
import { DEFAULT_LEDGER_COSTS, type AutonomyMix, type BrakeState, type Ledger, type LedgerCosts, type TicketMoney } from '../../schema/autonomy.js';
import { DEFAULT_POLICY_FILE } from '../../pipelines/heal/autonomyPolicyFile.js';
import { autonomyMix, buildLedger } from '../../pipelines/heal/autonomyLedger.js';
import { AutonomyBook } from './autonomyBook.js';
import { DetectionLoop } from './detectionLoop.js';
import { dryRunRules } from './dryRun.js';
import { RuleBook } from './ruleBook.js';
import { MaintenanceBook } from './maintenanceBook.js';
import { SilenceBook } from './silenceBook.js';
import { TicketDesk } from './ticketDesk.js';

export interface AutomationOptions {
  rulesDir: string;
  /** DuckDB state file (opened and closed here), or an already-open driver the caller owns (the runtime's shared state store). */
  state: string | SqlDriver;
  /** Every ticket event the heal loop records (the audit trail listens for automatic remediations). */
  onTicketEvent?: (t: Ticket, e: TicketEvent) => void;
  webhookUrl: string | null;
  /** HMAC-SHA256 key for the webhook's `x-opsdeck-signature`; null or absent: unsigned. */
  webhookSecret?: string | null;
  webhookFormat?: WebhookFormat;
  controller: NetworkController;
  baselineDays?: number;
  diagnoseWithinMs?: number;
  /** Runbook ceilings, guards and blocklist (default pipelines/rules/policy/autonomy.yaml). */
  policyFile?: string;
  /** Prices a ticket's sites from the rating (see ticketValuer.ts); absent: tickets carry no money. */
  value?: (siteIds: readonly number[], nowMs: number) => TicketMoney | null;
  /** What a false ticket and a needless action cost, for the ledger. */
  ledgerCosts?: LedgerCosts;
}

export interface AutomationDeps {
  facts: FactReader;
  ingest: IngestPipeline;
  now: () => number;
  log: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void; error: (o: object, m: string) => void };
}

export interface AutomationStatus {
  rules: number;
  problems: RuleProblemInfo[];
  ticks: number;
  tickErrors: number;
  lastTickMs: number;
  lastEvaluatedMs: number | null;
  alerts: { pending: number; firing: number };
  heal: HealStats;
  webhook: WebhookStats | null;
  baseline: { fromMs: number; toMs: number };
  storeDialect: 'duckdb' | 'postgres';
  /** The global brake (every page shows its banner; the rest of the policy is in `automation.autonomy`). */
  brake: BrakeState;
}

export class AutomationService {
  private constructor(
    private readonly d: AutomationDeps,
    private readonly store: TicketStore,
    private readonly ownsStore: boolean,
    private readonly sites: readonly Site[],
    readonly rules: RuleBook,
    readonly silences: SilenceBook,
    private readonly heal: HealLoop,
    private readonly notifier: WebhookNotifier | null,
    readonly loop: DetectionLoop,
    readonly tickets: TicketDesk,
    readonly autonomy: AutonomyBook,
    private readonly ledgerCosts: LedgerCosts,
    /** Maintenance windows: while one is in force the alerts it matches stay visible but open no ticket and run no runbook. */
    readonly maintenance: MaintenanceBook,
  ) {}

  static async start(d: AutomationDeps, o: AutomationOptions): Promise<AutomationService> {
    const { facts, now } = d;
    const sites = await facts.lake.rows('site', {}, { orderBy: ['site_id'] });
    const store = new TicketStore(typeof o.state === 'string' ? await DuckDbDriver.open(o.state) : o.state);
    await store.init();
    const rules = new RuleBook(o.rulesDir, store, now);
    await rules.reload();
    const silences = new SilenceBook(store, now);
    await silences.reload();
    const maintenance = new MaintenanceBook(store.db, now, sites);
    await maintenance.reload();
    const autonomy = new AutonomyBook(store.db, o.policyFile ?? DEFAULT_POLICY_FILE, now);
    await autonomy.init();
    const notifier = o.webhookUrl ? new WebhookNotifier({ url: o.webhookUrl, secret: o.webhookSecret ?? null, format: o.webhookFormat }) : null;
    const heal = new HealLoop({
      store, controller: o.controller, notifier, rules: () => rules.byId(), diagnoseWithinMs: o.diagnoseWithinMs, onEvent: o.onTicketEvent,
      onError: (err, what) => d.log.error({ err }, `automation: ${what}`),
      policy: autonomy.current, value: o.value, maintenance: maintenance.matching,
    });
    await heal.init(now());
    // The loop subscribes to ingest in start(), before any source runs, so it sees every chunk.
    const loop = new DetectionLoop({
      facts, ingest: d.ingest, sites, engine: rules.engine, heal, silences: () => silences.current(), now,
      baselineDays: o.baselineDays, log: d.log,
    });
    const tickets = new TicketDesk({ store, heal, facts, baseline: () => loop.detector.baseline, slaMs: loop.detector.cfg.slaMs, now, features: () => loop.featuresBySite() });
    const s = new AutomationService(d, store, typeof o.state === 'string', sites, rules, silences, heal, notifier, loop, tickets, autonomy, o.ledgerCosts ?? DEFAULT_LEDGER_COSTS, maintenance);
    await loop.start();
    d.log.info({ rules: rules.size, problems: rules.problems.length, sites: sites.length, live: heal.liveTickets().length }, 'automation started');
    return s;
  }

  /** Replays the last `hours` of facts through the rules in `yamlText` (nothing is opened or acted on); alerts of sites in scope only. */
  async dryRun(yamlText: string, hours: number, scope: DataScope = DataScope.ALL): Promise<DryRunResult> {
    const r = await dryRunRules(yamlText, hours, { facts: this.d.facts, sites: this.sites, baseline: this.loop.detector.baseline, nowMs: this.d.now() });
    if (scope.unrestricted) return r;
    const alerts = r.alerts.filter((x) => scope.hasSite(x.siteId));
    return { ...r, alerts, groups: new Set(alerts.map((x) => x.groupKey)).size };
  }

  /** The autonomy mix and the ledger of tickets opened in [fromMs, toMs) (about sites in the scope only). */
  async autonomyReport(fromMs: number, toMs: number, scope: DataScope = DataScope.ALL): Promise<{ mix: AutonomyMix; ledger: Ledger }> {
    const all = await this.store.openedBetween(fromMs, toMs);
    const tickets = scope.unrestricted ? all : all.filter((t) => scope.hasAnySite(t.siteIds));
    // A scoped user's share of the refusals: those on their tickets.
    const refused = await this.store.countEvents('guard', fromMs, toMs, scope.unrestricted ? undefined : tickets.map((t) => t.ticketId));
    return { mix: autonomyMix(tickets, fromMs, toMs, refused), ledger: buildLedger(tickets, fromMs, toMs, this.ledgerCosts) };
  }

  /** Waits until every minute seen so far has been evaluated and its ticket work is done (tests). */
  async settle(): Promise<void> { await this.loop.settle(); await this.heal.idle(); }

  status(): AutomationStatus {
    const { loop, rules } = this;
    const b = loop.detector.baseline;
    return {
      rules: rules.size, problems: rules.problems, ticks: loop.ticks, tickErrors: loop.tickErrors, lastTickMs: Math.round(loop.lastTickMs * 10) / 10,
      lastEvaluatedMs: loop.lastEvaluatedMs,
      alerts: { pending: rules.engine.alerts.filter((a) => a.phase === 'pending').length, firing: rules.engine.firing().length },
      heal: { ...this.heal.stats }, webhook: this.notifier ? { ...this.notifier.stats } : null,
      baseline: { fromMs: b.fromMs, toMs: b.toMs },
      storeDialect: this.store.db.dialect,
      brake: this.autonomy.current().brake,
    };
  }

  async close(): Promise<void> {
    await this.loop.stop();
    await this.heal.idle();
    this.notifier?.close();
    if (this.ownsStore) await this.store.close();
  }
}
