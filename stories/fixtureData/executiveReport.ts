// Story fixtures for the executive report: a hand-built ExecReport for 2026-W47 (figures chosen to show every card state), its
// definitions and archive rows. Deltas and RAG are derived here by the contract's rules, so the cards agree with their numbers.
import type {
  ExecReport, KpiId, KpiTarget, KpiValue, Rag, ReportDefinition, ReportPeriod, ReportRunInfo, ReportSection, ReportTable,
} from '../../schema/executive.js';
import { KPI_BY_ID } from '../../schema/executive.js';
import { parsePeriod, previousPeriod, trailingPeriods, yearAgoPeriod } from '../../domain/period/reportPeriod.js';

const PERIOD = parsePeriod('2026-W47');

const deltaPct = (v: number | null, base: number | null) => (v === null || base === null || base === 0 ? null : ((v - base) / Math.abs(base)) * 100);

function ragOf(value: number | null, target: KpiTarget | null, better: 'up' | 'down'): Rag {
  if (value === null || target === null) return 'none';
  const miss = better === 'up' ? target.value - value : value - target.value;
  if (miss <= 0) return 'green';
  return miss <= target.amberWithin * Math.abs(target.value) ? 'amber' : 'red';
}

/** 13 figures ending at `value`: a gentle trend with a weekly wobble; `gaps` marks periods without data (index 0 = oldest). */
function trend(value: number | null, growthPerPeriod: number, gaps: readonly number[] = [], period: ReportPeriod = PERIOD): KpiValue['sparkline'] {
  const base = value ?? 100;
  return trailingPeriods(period, 13).map((p, i) => {
    const back = 12 - i;
    const raw = i === 12 ? value : base * (1 - growthPerPeriod * back) * (1 + 0.03 * Math.sin(i * 1.7));
    const v = gaps.includes(i) || raw === null ? null : Math.round(raw * 100) / 100;
    return { label: p.label, fromMs: p.fromMs, value: v };
  });
}

export interface KpiFixtureInput {
  value: number | null;
  previous: number | null;
  yearAgo: number | null;
  target?: KpiTarget | null;
  growth?: number;
  gaps?: readonly number[];
  source?: KpiValue['source'];
}

/** A KpiValue of the catalog KPI `id` with deltas, RAG and sparkline derived from the figures given. */
export function kpiFixture(id: KpiId, f: KpiFixtureInput, period: ReportPeriod = PERIOD): KpiValue {
  const spec = KPI_BY_ID.get(id);
  if (!spec) throw new Error(`unknown KPI ${id}`);
  const target = f.target ?? null;
  return {
    id, label: spec.label, unit: spec.unit, better: spec.better,
    value: f.value, previous: f.previous, yearAgo: f.yearAgo,
    deltaPct: deltaPct(f.value, f.previous), deltaYearAgoPct: deltaPct(f.value, f.yearAgo),
    target, rag: ragOf(f.value, target, spec.better),
    sparkline: trend(f.value, f.growth ?? 0.01, f.gaps, period),
    source: f.source ?? (f.value === null ? 'none' : 'raw'),
  };
}

// Revenue parts sum to the total (fen), as the server's computation does.
const SUB = 41_388_200, PACK = 2_156_400, PAYG = 3_912_350, OVER = 5_604_710;
const TOTAL = SUB + PACK + PAYG + OVER;
const PAYING = 18_412.6;
const TOKENS = 61_832_000_000;

const revenueKpis: KpiValue[] = [
  kpiFixture('revenue_total', { value: TOTAL, previous: 50_210_330, yearAgo: 38_902_115, target: { value: 52_000_000, amberWithin: 0.05 }, growth: 0.012 }),
  kpiFixture('revenue_subscription', { value: SUB, previous: 40_980_000, yearAgo: 31_540_900 }),
  kpiFixture('revenue_pack', { value: PACK, previous: 2_410_800, yearAgo: 1_802_300, growth: -0.01 }),
  kpiFixture('revenue_payg', { value: PAYG, previous: 3_655_120, yearAgo: 2_110_450 }),
  kpiFixture('revenue_overage', { value: OVER, previous: 3_164_410, yearAgo: 3_448_465, growth: 0.03 }),
  kpiFixture('arpu', { value: TOTAL / PAYING, previous: 50_210_330 / 18_250.3, yearAgo: 38_902_115 / 14_880.1, target: { value: 3_000, amberWithin: 0.05 } }),
  kpiFixture('paying_accounts', { value: PAYING, previous: 18_250.3, yearAgo: 14_880.1, target: { value: 18_000, amberWithin: 0.05 } }),
  kpiFixture('net_adds', { value: 162, previous: 240, yearAgo: 311, target: { value: 250, amberWithin: 0.1 }, growth: 0 }),
  kpiFixture('churned_accounts', { value: 87, previous: 79, yearAgo: null, target: { value: 80, amberWithin: 0.1 }, gaps: [0, 1, 2] }),
  kpiFixture('tokens_consumed', { value: TOKENS, previous: 58_104_000_000, yearAgo: 31_220_500_000, growth: 0.02 }),
  kpiFixture('revenue_per_mtok', { value: (TOTAL / TOKENS) * 1e6, previous: (50_210_330 / 58_104_000_000) * 1e6, yearAgo: (38_902_115 / 31_220_500_000) * 1e6, growth: -0.01 }),
];

const experienceKpis: KpiValue[] = [
  kpiFixture('site_hours_met', { value: 99.31, previous: 99.62, yearAgo: 99.12, target: { value: 99.5, amberWithin: 0.005 }, growth: 0 }),
  kpiFixture('sla_credits', { value: 1_284_500, previous: 702_300, yearAgo: 1_520_000, target: { value: 800_000, amberWithin: 0.1 }, growth: -0.02 }),
  kpiFixture('revenue_at_risk', { value: null, previous: 3_410_000, yearAgo: null, target: { value: 2_000_000, amberWithin: 0.1 }, gaps: [0, 1, 2, 3, 4, 5, 12] }),
];

const autonomyKpis: KpiValue[] = [
  kpiFixture('caught_before_breach', { value: 78.4, previous: 74.1, yearAgo: null, target: { value: 75, amberWithin: 0.05 }, gaps: [0, 1, 2, 3], source: 'mixed' }),
  kpiFixture('median_lead_time', { value: 17.5, previous: 19, yearAgo: null, target: { value: 15, amberWithin: 0.1 }, gaps: [0, 1, 2, 3] }),
  kpiFixture('auto_healed', { value: 61.2, previous: 61.22, yearAgo: null, target: { value: 60, amberWithin: 0.05 }, gaps: [0, 1, 2, 3] }),
  kpiFixture('mttr', { value: 94, previous: 71, yearAgo: null, target: { value: 60, amberWithin: 0.1 }, gaps: [0, 1, 2, 3], growth: -0.03 }),
  kpiFixture('escalations', { value: 6, previous: 9, yearAgo: null, target: { value: 8, amberWithin: 0.25 }, gaps: [0, 1, 2, 3] }),
];

const tables: Record<string, ReportTable> = {
  revenue_by_kind: {
    id: 'revenue_by_kind', title: 'Revenue by kind',
    columns: [{ key: 'kind', label: 'Kind', unit: 'text' }, { key: 'revenueFen', label: 'Revenue', unit: 'fen' }, { key: 'sharePct', label: 'Share', unit: 'pct' }],
    rows: ([['Subscription', SUB], ['One-time packs', PACK], ['Pay-as-you-go', PAYG], ['Overage', OVER]] as const)
      .map(([kind, fen]) => ({ kind, revenueFen: fen, sharePct: (fen / TOTAL) * 100 })),
  },
  arpu_by_segment: {
    id: 'arpu_by_segment', title: 'ARPU by segment',
    columns: [{ key: 'segment', label: 'Segment', unit: 'text' }, { key: 'accounts', label: 'Paying accounts', unit: 'count' }, { key: 'arpuFen', label: 'ARPU', unit: 'fen' }],
    rows: [
      { segment: 'family', accounts: 9_120.4, arpuFen: 990 }, { segment: 'developer', accounts: 5_410.2, arpuFen: 4_210.5 },
      { segment: 'sme', accounts: 2_880, arpuFen: 6_950.25 }, { segment: 'enterprise', accounts: 1_002, arpuFen: 19_840 },
      { segment: 'government', accounts: 0, arpuFen: null },
    ],
  },
  worst_provinces: {
    id: 'worst_provinces', title: 'Worst 5 provinces',
    columns: [{ key: 'province', label: 'Province', unit: 'text' }, { key: 'metPct', label: 'Site-hours met', unit: 'pct' }, { key: 'creditsFen', label: 'SLA credits', unit: 'fen' }],
    rows: [
      { province: 'Guangdong', metPct: 97.84, creditsFen: 402_100 }, { province: 'Sichuan', metPct: 98.6, creditsFen: 251_300 },
      { province: 'Zhejiang', metPct: 99.05, creditsFen: 180_000 }, { province: 'Hubei', metPct: 99.21, creditsFen: 96_400 },
      { province: 'Shaanxi', metPct: 99.33, creditsFen: 54_700 },
    ],
  },
  ticket_outcomes: {
    id: 'ticket_outcomes', title: 'Ticket outcomes',
    columns: [{ key: 'outcome', label: 'Outcome', unit: 'text' }, { key: 'tickets', label: 'Tickets', unit: 'count' }, { key: 'mttrMin', label: 'Mean time to resolve', unit: 'minutes' }],
    rows: [
      { outcome: 'healed automatically', tickets: 52, mttrMin: 38.5 }, { outcome: 'resolved by a person', tickets: 27, mttrMin: 196 },
      { outcome: 'escalated', tickets: 6, mttrMin: null },
    ],
  },
};

const section = (id: ReportSection['id'], title: string, kpis: KpiValue[], tableIds: string[]): ReportSection =>
  ({ id, title, kpis, tables: tableIds.map((t) => tables[t]!) });

export const execReport: ExecReport = {
  definition: { id: 'weekly-exec', title: 'Weekly executive report', audience: 'Executive team', source: 'reports/weekly-exec.yaml' },
  period: PERIOD,
  previous: previousPeriod(PERIOD),
  yearAgo: yearAgoPeriod(PERIOD),
  generatedAtMs: Date.UTC(2026, 10, 23, 7, 0, 12),
  dataAsOfMs: PERIOD.toMs,
  scope: 'all regions',
  targetsVersion: '2026-11-01',
  sections: [
    section('revenue', 'AI token revenue', revenueKpis, ['revenue_by_kind', 'arpu_by_segment']),
    section('experience', 'Network experience', experienceKpis, ['worst_provinces']),
    section('autonomy', 'Autonomous operations', autonomyKpis, ['ticket_outcomes']),
  ],
  narrative: [
    'Token revenue rose 5.7% to ¥530,616.60 vs 2026-W46, driven by overage (+¥24,403.00), mostly in the developer 159.9 tier.',
    'Site-hours meeting the objective fell to 99.31% (from 99.62%), below the 99.5% target; Guangdong accounts for 31% of the SLA credits owed.',
    'SLA credits owed rose 82.9% to ¥12,845.00, of which Guangdong ¥4,021.00 and Sichuan ¥2,513.00.',
    'Mean time to resolve grew from 71 to 94 minutes while escalations fell from 9 to 6.',
  ],
  coverage: { rawDays: 7, historyDays: 0, missingDays: 0 },
};

/** The same week seen on Thursday: the period is still running. */
export const partialReport: ExecReport = {
  ...execReport,
  dataAsOfMs: PERIOD.fromMs + 3.5 * 86_400_000,
  generatedAtMs: PERIOD.fromMs + 3.5 * 86_400_000 + 40_000,
  coverage: { rawDays: 4, historyDays: 0, missingDays: 3 },
};

/** A quarter reaching back past raw retention: figures come from the daily history, a year ago has none. */
export const emptyReport: ExecReport = {
  ...execReport,
  narrative: [],
  coverage: { rawDays: 0, historyDays: 0, missingDays: 7 },
  sections: execReport.sections.map((s) => ({
    ...s,
    kpis: s.kpis.map((k) => kpiFixture(k.id, { value: null, previous: null, yearAgo: null, target: k.target, gaps: [...Array(13).keys()] })),
    tables: s.tables.map((t) => ({ ...t, rows: [] })),
  })),
};

export const execDefinitions: ReportDefinition[] = [
  {
    id: 'weekly-exec', title: 'Weekly executive report', audience: 'Executive team', source: 'reports/weekly-exec.yaml', period: 'week',
    sections: execReport.sections.map((s) => ({ id: s.id, title: s.title, kpis: s.kpis.map((k) => k.id), tables: s.tables.map((t) => t.id) })),
    schedule: { cron: '0 7 * * 1', timezone: 'Asia/Shanghai' }, deliver: [{ webhook: 'https://hooks.example.cn/exec' }],
  },
  {
    id: 'monthly-board', title: 'Monthly board pack', audience: 'Board', source: 'reports/monthly-board.yaml', period: 'month',
    sections: [{ id: 'revenue', title: 'Revenue', kpis: ['revenue_total', 'arpu'], tables: [] }], schedule: null, deliver: [],
  },
];

const HOUR = 3_600_000;
const created = Date.UTC(2026, 10, 23, 7, 0);
export const execRuns: ReportRunInfo[] = [
  { runId: 14, definitionId: 'weekly-exec', periodLabel: '2026-W47', trigger: 'schedule', state: 'done', attempts: 1, createdAtMs: created, finishedAtMs: created + 9_400, pdfBytes: 184_320,
    deliveries: [{ target: 'https://hooks.example.cn/exec', state: 'delivered', attempts: 1, lastError: null, atMs: created + 10_100 }], lastError: null },
  { runId: 13, definitionId: 'weekly-exec', periodLabel: '2026-W46', trigger: 'schedule', state: 'done', attempts: 2, createdAtMs: created - 168 * HOUR, finishedAtMs: created - 168 * HOUR + 71_000, pdfBytes: 179_004,
    deliveries: [{ target: 'https://hooks.example.cn/exec', state: 'failed', attempts: 5, lastError: 'HTTP 503 from webhook', atMs: created - 167 * HOUR }], lastError: null },
  { runId: 12, definitionId: 'weekly-exec', periodLabel: '2026-W45', trigger: 'manual', state: 'failed', attempts: 3, createdAtMs: created - 300 * HOUR, finishedAtMs: created - 300 * HOUR + 95_000, pdfBytes: null,
    deliveries: [], lastError: 'render timed out after 60 s waiting for data-report-ready' },
  { runId: 15, definitionId: 'weekly-exec', periodLabel: '2026-W48', trigger: 'manual', state: 'rendering', attempts: 1, createdAtMs: created + 72 * HOUR, finishedAtMs: null, pdfBytes: null,
    deliveries: [], lastError: null },
];
