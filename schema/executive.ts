// The executive KPI report's contract: the KPI catalog, the computed report the page, print route, PDF,
// HTML and CSV all render, and the report-run archive rows. Server, CLI and browser share these types.

export const REPORT_SECTIONS = ['revenue', 'experience', 'autonomy'] as const;
export type ReportSectionId = (typeof REPORT_SECTIONS)[number];

/** How a KPI's value is written: money in integer fen, percentages 0-100, durations in minutes. */
export type KpiUnit = 'fen' | 'count' | 'pct' | 'minutes' | 'tokens' | 'fen_per_mtok';

export interface KpiSpec {
  id: string;
  section: ReportSectionId;
  label: string;
  unit: KpiUnit;
  /** Which direction is good: RAG and the narrative's "improved / worsened" read it. */
  better: 'up' | 'down';
  /** One line: what it counts and where the figure comes from (shown as the card's tooltip and in the PDF notes). */
  definition: string;
}

const k = (id: string, section: ReportSectionId, label: string, unit: KpiUnit, better: 'up' | 'down', definition: string): KpiSpec =>
  ({ id, section, label, unit, better, definition });

/** Every KPI a report may name; report files are validated against these ids. */
export const KPI_CATALOG = [
  k('revenue_total', 'revenue', 'Token revenue', 'fen', 'up', 'Rated revenue recognised in the period (subscription + packs + pay-as-you-go + overage), as the revenue explorer sums it.'),
  k('revenue_subscription', 'revenue', 'Subscription revenue', 'fen', 'up', 'Monthly plan fees recognised day by day in the period.'),
  k('revenue_pack', 'revenue', 'One-time packs', 'fen', 'up', 'One-time token packs bought in the period.'),
  k('revenue_payg', 'revenue', 'Pay-as-you-go', 'fen', 'up', 'Pay-as-you-go usage rated in the period.'),
  k('revenue_overage', 'revenue', 'Overage', 'fen', 'up', 'Usage over plan quota rated in the period.'),
  k('arpu', 'revenue', 'ARPU', 'fen', 'up', 'Revenue / average paying accounts per day in the period (the explorer\'s ARPU).'),
  k('paying_accounts', 'revenue', 'Paying accounts', 'count', 'up', 'Average accounts counting as paying per day in the period.'),
  k('net_adds', 'revenue', 'Net adds', 'count', 'up', 'Accounts signed up in the period minus accounts churned in it.'),
  k('churned_accounts', 'revenue', 'Churned accounts', 'count', 'down', 'Accounts that stopped paying in the period.'),
  k('tokens_consumed', 'revenue', 'Tokens consumed', 'tokens', 'up', 'Input + output tokens of all usage in the period.'),
  k('revenue_per_mtok', 'revenue', 'Revenue per million tokens', 'fen_per_mtok', 'up', 'Token revenue / tokens consumed x 1,000,000.'),
  k('site_hours_met', 'experience', 'Site-hours meeting objective', 'pct', 'up', 'Share of measured (site, hour, service class) triples whose latency and uplink assurance met the 99.5 % objective.'),
  k('sla_credits', 'experience', 'SLA credits owed', 'fen', 'down', 'Credits owed over the period by the NOC\'s assurance bands (share of the monthly fee of affected accounts).'),
  k('revenue_at_risk', 'experience', 'Revenue at risk', 'fen', 'down', 'Attributed revenue of service classes below objective at their site over the period.'),
  k('caught_before_breach', 'autonomy', 'Faults caught before SLA breach', 'pct', 'up', 'Tickets opened before any of their sites breached the SLA / tickets opened.'),
  k('median_lead_time', 'autonomy', 'Median detection lead time', 'minutes', 'up', 'Median minutes from ticket open to the first SLA breach (or the predicted breach when prevented).'),
  k('auto_healed', 'autonomy', 'Healed without a person', 'pct', 'up', 'Tickets resolved by their runbook and verified, with no human action / tickets closed.'),
  k('mttr', 'autonomy', 'Mean time to resolve', 'minutes', 'down', 'Mean minutes from open to resolved over tickets resolved in the period.'),
  k('escalations', 'autonomy', 'Escalations', 'count', 'down', 'Tickets escalated to a person in the period.'),
  k('revenue_protected', 'autonomy', 'Revenue protected', 'fen', 'up', 'Over true tickets opened in the period: lead time before the SLA breach (or its predicted time) x the revenue at risk per hour of their sites, priced from the rating when each opened.'),
  k('false_ticket_cost', 'autonomy', 'Cost of false tickets', 'fen', 'down', 'False tickets opened in the period x the engineer time of one, plus the runbooks they ran x the cost of one action.'),
] as const satisfies readonly KpiSpec[];

export type KpiId = (typeof KPI_CATALOG)[number]['id'];
export const KPI_BY_ID: ReadonlyMap<string, KpiSpec> = new Map(KPI_CATALOG.map((s) => [s.id, s]));

/** Breakdown tables a report may name. */
export const REPORT_TABLES = {
  revenue_by_kind: { section: 'revenue', title: 'Revenue by kind' },
  arpu_by_segment: { section: 'revenue', title: 'ARPU by segment' },
  arpu_by_tier: { section: 'revenue', title: 'ARPU by tier' },
  site_hours_by_class: { section: 'experience', title: 'Site-hours meeting objective by service class' },
  worst_provinces: { section: 'experience', title: 'Worst 5 provinces' },
  ticket_outcomes: { section: 'autonomy', title: 'Ticket outcomes' },
  autonomy_ledger: { section: 'autonomy', title: 'Autonomy ledger by rule and runbook' },
} as const satisfies Record<string, { section: ReportSectionId; title: string }>;
export type ReportTableId = keyof typeof REPORT_TABLES;

export const PERIOD_KINDS = ['day', 'week', 'month', 'quarter', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** A reporting period: whole UTC days [fromMs, toMs). `label` is its canonical text ('2026-W47', '2026-11', ...). */
export interface ReportPeriod { kind: PeriodKind; label: string; fromMs: number; toMs: number }

export type Rag = 'green' | 'amber' | 'red' | 'none';

/** Where a figure came from: raw events (lake + hot window), the daily history rollups, or both. */
export type FigureSource = 'raw' | 'history' | 'mixed' | 'none';

export interface KpiTarget {
  /** Target value in the KPI's unit (fen, %, minutes, ...). */
  value: number;
  /** Amber when missing the target by at most this share of it (e.g. 0.05); red beyond. */
  amberWithin: number;
}

export interface KpiValue {
  id: KpiId;
  label: string;
  unit: KpiUnit;
  better: 'up' | 'down';
  /** null: no data for the period (never shown as 0). */
  value: number | null;
  previous: number | null;
  yearAgo: number | null;
  /** (value - previous) / |previous| x 100; null when either is missing or previous is 0. */
  deltaPct: number | null;
  deltaYearAgoPct: number | null;
  target: KpiTarget | null;
  rag: Rag;
  /** The last 13 periods of the same kind, oldest first, ending with this one. */
  sparkline: Array<{ label: string; fromMs: number; value: number | null }>;
  source: FigureSource;
}

export interface ReportColumn { key: string; label: string; unit: KpiUnit | 'text' }
export interface ReportTable {
  id: ReportTableId;
  title: string;
  columns: ReportColumn[];
  rows: Array<Record<string, string | number | null>>;
}

export interface ReportSection { id: ReportSectionId; title: string; kpis: KpiValue[]; tables: ReportTable[] }

/** One computed report: what every rendering (page, print, PDF, HTML, CSV) shows, figure for figure. */
export interface ExecReport {
  definition: { id: string; title: string; audience: string; source: string };
  period: ReportPeriod;
  previous: ReportPeriod;
  yearAgo: ReportPeriod;
  /** Wall-clock time the report was computed. */
  generatedAtMs: number;
  /** Data time the figures are complete up to (the period's end, or the data's present when the period is still running). */
  dataAsOfMs: number;
  /** The reader's data scope, in words ('all regions', 'region East, Zhejiang'). */
  scope: string;
  /** Targets file version the RAG statuses were judged against. */
  targetsVersion: string;
  sections: ReportSection[];
  /** 3-5 computed sentences on the biggest movers and their drivers. */
  narrative: string[];
  /** Days of the period covered by raw events / by history only / without any data. */
  coverage: { rawDays: number; historyDays: number; missingDays: number };
}

export const REPORT_RUN_STATES = ['pending', 'rendering', 'delivering', 'done', 'failed'] as const;
export type ReportRunState = (typeof REPORT_RUN_STATES)[number];

/** One scheduled or on-demand rendering in the archive. */
export interface ReportRunInfo {
  runId: number;
  definitionId: string;
  periodLabel: string;
  trigger: 'schedule' | 'manual';
  state: ReportRunState;
  attempts: number;
  createdAtMs: number;
  finishedAtMs: number | null;
  /** Bytes of the archived PDF; null until rendered. */
  pdfBytes: number | null;
  deliveries: Array<{ target: string; state: 'pending' | 'delivered' | 'failed'; attempts: number; lastError: string | null; atMs: number | null }>;
  lastError: string | null;
}

/** A report definition as loaded from `reports/*.yaml` (validated by the report loader). */
export interface ReportDefinition {
  id: string;
  title: string;
  /** Who it is for, in words ('Executive team'); the page and the PDF show it. */
  audience: string;
  /** File it came from (relative to the project root), for errors and the report's footer. */
  source: string;
  /** The period kind the page opens with and a scheduled run covers (the last complete one). */
  period: Exclude<PeriodKind, 'custom'>;
  sections: Array<{ id: ReportSectionId; title: string; kpis: KpiId[]; tables: ReportTableId[] }>;
  /** Five-field cron ('0 7 * * 1') evaluated in `timezone` (IANA); null: rendered on demand only. */
  schedule: { cron: string; timezone: string } | null;
  /** Webhook targets every scheduled rendering is delivered to. */
  deliver: Array<{ webhook: string }>;
}
