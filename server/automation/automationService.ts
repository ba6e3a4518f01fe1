// Runs the closed loop inside the server: hot-window KPIs -> detectors -> rules (fixed one-minute tick) -> tickets -> controller.
import { DuckDBInstance } from '@duckdb/node-api';
import type { Table } from 'apache-arrow';
import type { DryRunResult, RuleProblemInfo, RuleSummary, SilenceInfo, Ticket, TicketDetail, TicketSeries } from '../../schema/automation.js';
import { readParquetSql } from '../../schema/duckdbSql.js';
import { InvalidRequestError, NotFoundError } from '../../schema/domainErrors.js';
import type { Alarm, Site } from '../../schema/tables.js';
import { KPI_FIELDS, MINUTE_MS, type KpiField } from '../../pipelines/detect/kpiFields.js';
import type { KpiColumns } from '../../pipelines/detect/kpiWindow.js';
import { baselineFromSqlColumns, baselineSql, SLOTS_PER_DAY, slotOf, type SeasonalBaseline } from '../../pipelines/detect/seasonalBaseline.js';
import { SiteDetector } from '../../pipelines/detect/siteDetector.js';
import type { SiteFeatures } from '../../pipelines/detect/siteFeatures.js';
import { HealLoop, type HealStats } from '../../pipelines/heal/healLoop.js';
import type { NetworkController } from '../../pipelines/heal/networkController.js';
import { DuckDbDriver, type SqlDriver } from '../../pipelines/heal/sqlDriver.js';
import { TicketStore, type TicketFilter } from '../../pipelines/heal/ticketStore.js';
import { WebhookNotifier, type WebhookStats } from '../../pipelines/heal/webhookNotifier.js';
import { runAutomationTick } from '../../pipelines/rules/automationTick.js';
import { RuleEngine, type Silence } from '../../pipelines/rules/ruleEngine.js';
import { loadRuleDir, parseRulesYaml, ruleToYaml } from '../../pipelines/rules/ruleLoader.js';
import type { CompiledRule } from '../../pipelines/rules/ruleTypes.js';
import type { HotWindow } from '../../pipelines/hot/hotWindow.js';
import type { IngestPipeline } from '../../pipelines/ingest/ingestPipeline.js';
import type { LakeReader } from '../../pipelines/lake/lakeReader.js';

const DAY_MS = 86_400_000;

export interface AutomationOptions {
  rulesDir: string;
  /** DuckDB state file, or an already-open driver (PostgreSQL in production). */
  state: string | SqlDriver;
  webhookUrl: string | null;
  controller: NetworkController;
  baselineDays?: number;
  diagnoseWithinMs?: number;
}

export interface AutomationDeps {
  lake: LakeReader;
  hot: HotWindow;
  ingest: IngestPipeline;
  now: () => number;
  log: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void; error: (o: object, m: string) => void };
}

/** Arrow column of a hot-window slice as a plain number array (timestamps are already epoch ms numbers). */
function numCol(t: Table, name: string): number[] {
  const v = t.getChild(name);
  if (!v) return [];
  const out = new Array<number>(v.length);
  let i = 0;
  for (const x of v) out[i++] = typeof x === 'bigint' ? Number(x) : Number(x);
  return out;
}

function kpiColumnsOf(tables: readonly Table[]): KpiColumns & { ts: number[] } {
  const cols: Record<string, number[]> = { ts: [], site_id: [] };
  for (const k of KPI_FIELDS) cols[k] = [];
  for (const t of tables) for (const name of Object.keys(cols)) cols[name]!.push(...numCol(t, name));
  return cols as unknown as KpiColumns & { ts: number[] };
}

export class AutomationService {
  private detector!: SiteDetector;
  private engine!: RuleEngine;
  private heal!: HealLoop;
  private store!: TicketStore;
  private notifier: WebhookNotifier | null = null;
  private sites: Site[] = [];
  private fileRules: CompiledRule[] = [];
  private rules = new Map<string, CompiledRule>();
  private ruleYaml = new Map<string, string>();
  private silences: Silence[] = [];
  problems: RuleProblemInfo[] = [];
  private lastEvaluatedMinute = -Infinity;
  private latestFeatures: SiteFeatures[] = [];
  private ticking: Promise<void> = Promise.resolve();
  private scheduled = false;
  private stopped = false;
  private unsubscribe: (() => void) | null = null;
  private baselineDay = -1;
  ticks = 0;
  tickErrors = 0;
  lastTickMs = 0;

  constructor(private readonly d: AutomationDeps, private readonly o: AutomationOptions) {}

  static async start(d: AutomationDeps, o: AutomationOptions): Promise<AutomationService> {
    const s = new AutomationService(d, o);
    await s.init();
    return s;
  }

  private async init(): Promise<void> {
    const { lake, hot, ingest, now } = this.d;
    const siteCols = await lake.scan('site', {});
    this.sites = siteCols.site_id.map((id, i) => ({
      site_id: id, name: siteCols.name[i]!, city: siteCols.city[i]!, province: siteCols.province[i]!, region: siteCols.region[i]!,
      lat: siteCols.lat[i]!, lon: siteCols.lon[i]!, tech: siteCols.tech[i]!, transport_node_id: siteCols.transport_node_id[i]!,
    })).sort((a, b) => a.site_id - b.site_id);
    this.detector = new SiteDetector(this.sites);
    const driver = typeof this.o.state === 'string' ? await DuckDbDriver.open(this.o.state) : this.o.state;
    this.store = new TicketStore(driver);
    await this.store.init();
    await this.reloadRules();
    this.silences = await this.store.silences();
    if (this.o.webhookUrl) this.notifier = new WebhookNotifier({ url: this.o.webhookUrl });
    this.heal = new HealLoop({
      store: this.store, controller: this.o.controller, notifier: this.notifier, rules: () => this.rules,
      diagnoseWithinMs: this.o.diagnoseWithinMs,
      onError: (err, what) => this.d.log.error({ err }, `automation: ${what}`),
    });
    await this.heal.init(now());
    await this.refreshBaseline(now());
    // Prime the window and alarm state from the hot window, then follow every accepted chunk.
    const t = now();
    this.detector.addKpiColumns(kpiColumnsOf(hot.select('kpi', { fromMs: t - this.detector.window.minutes * MINUTE_MS })));
    this.detector.addAlarms(this.alarmRows(hot.select('alarm', {})));
    this.lastEvaluatedMinute = this.detector.window.latestMinute - 1;
    this.unsubscribe = ingest.onChunk((c) => {
      if (c.table === 'kpi') { this.detector.addKpiColumns(kpiColumnsOf([c.data])); this.schedule(); }
      else if (c.table === 'alarm') this.detector.addAlarms(this.alarmRows([c.data]));
    });
    this.schedule();
    this.d.log.info({ rules: this.rules.size, problems: this.problems.length, sites: this.sites.length, live: this.heal.liveTickets().length }, 'automation started');
  }

  private alarmRows(tables: readonly Table[]): Alarm[] {
    const out: Alarm[] = [];
    for (const t of tables) for (const r of t) out.push({
      ts: Number(r.ts), alarm_id: Number(r.alarm_id), site_id: Number(r.site_id), severity: r.severity, probable_cause: r.probable_cause, state: r.state,
    } as Alarm);
    return out.sort((a, b) => a.ts - b.ts);
  }

  /** Seasonal baseline from the lake's last N days before `nowMs` (recomputed once a simulated day). */
  private async refreshBaseline(nowMs: number): Promise<void> {
    const day = Math.floor(nowMs / DAY_MS);
    if (day === this.baselineDay) return;
    this.baselineDay = day;
    const files = await this.d.lake.files('kpi');
    if (!files.length) return;
    const toMs = day * DAY_MS;
    const fromMs = toMs - (this.o.baselineDays ?? 7) * DAY_MS;
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      let r = await conn.runAndReadAll(baselineSql(readParquetSql(files), fromMs, toMs));
      // A lake younger than a day has no full day before "now": use what there is.
      if (r.currentRowCount === 0) r = await conn.runAndReadAll(baselineSql(readParquetSql(files), nowMs - DAY_MS, nowMs));
      this.detector.baseline = baselineFromSqlColumns(this.sites.map((s) => s.site_id), r.getColumnsObjectJS() as Record<string, unknown[]>, fromMs, toMs);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  }

  /** Evaluates every complete minute not yet evaluated, in order, one tick at a time. */
  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    this.ticking = this.ticking.then(async () => {
      this.scheduled = false;
      // KPIs of minute m arrive together; minute m is complete once any later minute is seen.
      const upTo = this.detector.window.latestMinute;
      if (!Number.isFinite(upTo)) return;
      let m = Math.max(this.lastEvaluatedMinute + 1, upTo - 30);
      for (; m <= upTo && !this.stopped; m++) {
        const t0 = performance.now();
        try {
          await this.refreshBaseline(m * MINUTE_MS);
          const out = await runAutomationTick(this.detector, this.engine, this.heal, m, this.silences);
          this.latestFeatures = out.features;
          this.ticks++;
        } catch (err) {
          this.tickErrors++;
          this.d.log.error({ err, minute: m }, 'automation tick failed');
        }
        this.lastEvaluatedMinute = m;
        this.lastTickMs = performance.now() - t0;
      }
    });
  }

  /** Waits until every minute seen so far has been evaluated (tests). */
  async settle(): Promise<void> { await this.ticking; await this.heal.idle(); }

  // ---- rules ----

  private async reloadRules(): Promise<void> {
    const files = await loadRuleDir(this.o.rulesDir);
    this.fileRules = files.rules;
    this.problems = files.problems.map((p) => ({ ...p }));
    const merged = new Map(files.rules.map((r) => [r.id, r]));
    const yaml = new Map(files.rules.map((r) => [r.id, ruleToYaml(r)]));
    for (const s of await this.store.storedRules()) {
      const r = parseRulesYaml(s.yaml, `api:${s.ruleId}`);
      if (r.problems.length || r.rules.length !== 1) { this.problems.push(...r.problems); continue; }
      merged.set(s.ruleId, r.rules[0]!);
      yaml.set(s.ruleId, s.yaml);
    }
    this.rules = merged;
    this.ruleYaml = yaml;
    if (this.engine) this.engine.rules = [...merged.values()];
    else this.engine = new RuleEngine([...merged.values()]);
  }

  listRules(): RuleSummary[] {
    const alerts = this.engine.alerts;
    return [...this.rules.values()].map((r) => ({
      id: r.id, description: r.description, severity: r.severity, when: r.when, forMs: r.forMs, groupBy: r.groupBy,
      runbook: r.action?.runbook ?? null, enabled: r.enabled, source: r.source, yaml: this.ruleYaml.get(r.id) ?? ruleToYaml(r),
      pending: alerts.filter((a) => a.ruleId === r.id && a.phase === 'pending').length,
      firing: alerts.filter((a) => a.ruleId === r.id && a.phase === 'firing').length,
    }));
  }

  /** Validates YAML holding exactly one rule; on success it replaces (or adds) that rule, persisted in the state store. */
  async saveRule(yamlText: string, user: string, expectId: string | null): Promise<{ ok: true; rule: RuleSummary } | { ok: false; problems: RuleProblemInfo[] }> {
    const r = parseRulesYaml(yamlText, 'editor');
    if (r.problems.length) return { ok: false, problems: r.problems };
    if (r.rules.length !== 1) return { ok: false, problems: [{ source: 'editor', line: 1, column: 1, field: '', ruleId: null, message: `expected exactly one rule, got ${r.rules.length}` }] };
    const rule = r.rules[0]!;
    if (expectId !== null && rule.id !== expectId) return { ok: false, problems: [{ source: 'editor', line: 1, column: 1, field: 'id', ruleId: rule.id, message: `editing rule '${expectId}' but the YAML says '${rule.id}'` }] };
    await this.store.saveRule(rule.id, yamlText, this.d.now(), user);
    await this.reloadRules();
    return { ok: true, rule: this.listRules().find((x) => x.id === rule.id)! };
  }

  async setRuleEnabled(id: string, enabled: boolean, user: string): Promise<RuleSummary> {
    const rule = this.rules.get(id);
    if (!rule) throw new NotFoundError(`no rule '${id}'`);
    const yaml = ruleToYaml({ ...rule, enabled });
    const r = await this.saveRule(yaml, user, id);
    if (!r.ok) throw new InvalidRequestError(r.problems.map((p) => p.message).join('; '));
    return r.rule;
  }

  /** "What would this rule have fired over the last N hours?" — replays the hot window through a fresh detector and engine. */
  async dryRun(yamlText: string, hours: number): Promise<DryRunResult> {
    const parsed = parseRulesYaml(yamlText, 'dry-run');
    const now = this.d.now();
    const toMs = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    const fromMs = toMs - hours * 3_600_000;
    if (parsed.problems.length || !parsed.rules.length) return { fromMs, toMs, minutes: 0, alerts: [], groups: 0, problems: parsed.problems };
    const rules = parsed.rules.map((r) => ({ ...r, enabled: true }));
    const det = new SiteDetector(this.sites);
    det.baseline = this.detector.baseline;
    const engine = new RuleEngine(rules);
    const cols = kpiColumnsOf(this.d.hot.select('kpi', { fromMs: fromMs - 15 * MINUTE_MS, toMs }));
    const order = Array.from(cols.ts.keys()).sort((a, b) => cols.ts[a]! - cols.ts[b]!);
    const alarms = this.alarmRows(this.d.hot.select('alarm', { toMs }));
    const alerts = new Map<string, DryRunResult['alerts'][number]>();
    const done: DryRunResult['alerts'] = [];
    let oi = 0, ai = 0, minutes = 0;
    const row = { ts: 0, site_id: 0 } as Parameters<SiteDetector['addKpiRows']>[0][number];
    for (let m = Math.floor((fromMs - 15 * MINUTE_MS) / MINUTE_MS); m < toMs / MINUTE_MS; m++) {
      const end = (m + 1) * MINUTE_MS;
      while (oi < order.length && cols.ts[order[oi]!]! < end) {
        const i = order[oi++]!;
        row.ts = cols.ts[i]!; row.site_id = (cols.site_id as number[])[i]!;
        for (const k of KPI_FIELDS) row[k] = (cols[k] as number[])[i]!;
        det.window.add(row);
      }
      while (ai < alarms.length && alarms[ai]!.ts < end) det.addAlarms([alarms[ai++]!]);
      const features = det.featuresAt(m);
      if (m * MINUTE_MS < fromMs) continue;
      minutes++;
      for (const e of engine.tick(features, m * MINUTE_MS)) {
        const key = e.alert.fingerprint;
        if (e.kind === 'pending') alerts.set(key, { ruleId: e.alert.ruleId, siteId: e.alert.siteId, groupKey: e.alert.groupKey, pendingAtMs: e.atMs, firingAtMs: null, resolvedAtMs: null });
        else if (e.kind === 'firing') { const a = alerts.get(key); if (a) a.firingAtMs = e.atMs; }
        else { const a = alerts.get(key); if (a) { if (e.kind === 'resolved') { a.resolvedAtMs = e.atMs; done.push(a); } alerts.delete(key); } }
      }
      // Keep the event loop responsive during a long replay.
      if (m % 120 === 0) await new Promise((r) => setImmediate(r));
    }
    for (const a of alerts.values()) if (a.firingAtMs !== null) done.push(a);
    done.sort((a, b) => (a.firingAtMs ?? 0) - (b.firingAtMs ?? 0));
    return { fromMs, toMs, minutes, alerts: done, groups: new Set(done.map((a) => a.groupKey)).size, problems: [] };
  }

  // ---- tickets ----

  listTickets(f: TicketFilter): Promise<Ticket[]> { return this.store.list(f); }
  ticketCounts() { return this.store.counts(); }
  async ticketDetail(id: number): Promise<TicketDetail & { series: TicketSeries }> {
    const d = await this.store.detail(id);
    if (!d) throw new NotFoundError(`no ticket ${id}`);
    return { ...d, series: this.seriesFor(d.ticket) };
  }
  acknowledge(id: number, user: string) { return this.heal.acknowledge(id, user, this.d.now()); }
  comment(id: number, user: string, text: string) { return this.heal.comment(id, user, text, this.d.now()); }
  resolve(id: number, user: string, reason: string) { return this.heal.resolve(id, user, reason, this.d.now()); }

  /** Latency (and baseline) of the ticket's sites around it, from the hot window, for the timeline chart. */
  private seriesFor(t: Ticket): TicketSeries {
    const from = t.openedAtMs - 60 * MINUTE_MS;
    const to = (t.closedAtMs ?? this.d.now()) + 30 * MINUTE_MS;
    const sites = new Set(t.siteIds.slice(0, 8));
    const cols = kpiColumnsOf(this.d.hot.select('kpi', { fromMs: from, toMs: to }));
    const points: TicketSeries['points'] = [];
    const b = this.detector.baseline;
    for (let i = 0; i < cols.ts.length; i++) {
      const site = (cols.site_id as number[])[i]!;
      if (!sites.has(site)) continue;
      const ts = cols.ts[i]!;
      const bi = b.siteIndex.get(site);
      const base = bi === undefined ? null : b.median.latency_ms[bi * SLOTS_PER_DAY + slotOf(ts)]!;
      points.push({ ts, siteId: site, latencyMs: (cols.latency_ms as number[])[i]!, baselineMs: base !== null && Number.isFinite(base) ? base : null });
    }
    points.sort((a, b2) => a.ts - b2.ts || a.siteId - b2.siteId);
    return { slaMs: this.detector.cfg.slaMs, points };
  }

  // ---- silences ----

  listSilences(): SilenceInfo[] { return this.silences.map((s) => ({ ...s })); }
  async addSilence(matchers: Record<string, string>, durationMs: number, user: string, comment: string): Promise<SilenceInfo> {
    if (!Object.keys(matchers).length) throw new InvalidRequestError('a silence needs at least one matcher (e.g. site_id or rule)');
    const now = this.d.now();
    const s: SilenceInfo = { id: `sil-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`, matchers, startsMs: now, endsMs: now + durationMs, createdBy: user, comment };
    await this.store.addSilence(s);
    this.silences = await this.store.silences();
    return s;
  }
  async expireSilence(id: string): Promise<boolean> {
    const ok = await this.store.expireSilence(id, this.d.now());
    this.silences = await this.store.silences();
    return ok;
  }

  status(): AutomationStatus {
    return {
      rules: this.rules.size, problems: this.problems, ticks: this.ticks, tickErrors: this.tickErrors, lastTickMs: Math.round(this.lastTickMs * 10) / 10,
      lastEvaluatedMs: Number.isFinite(this.lastEvaluatedMinute) ? this.lastEvaluatedMinute * MINUTE_MS : null,
      alerts: { pending: this.engine.alerts.filter((a) => a.phase === 'pending').length, firing: this.engine.firing().length },
      heal: { ...this.heal.stats }, webhook: this.notifier ? { ...this.notifier.stats } : null,
      baseline: { fromMs: this.detector.baseline.fromMs, toMs: this.detector.baseline.toMs },
      storeDialect: this.store.db.dialect,
    };
  }

  /** Current detector outputs of one site (UI drill-down, debugging rules). */
  featuresOf(siteId: number): SiteFeatures | null { return this.latestFeatures.find((f) => f.site_id === siteId) ?? null; }

  async close(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.ticking.catch(() => undefined);
    await this.heal.idle();
    this.notifier?.close();
    await this.store.close();
  }
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
}

export type { KpiField, SeasonalBaseline };
