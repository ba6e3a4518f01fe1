// A small hand-written ExecReport (contract shape) for the renderer, CSV and route tests: values chosen so each
// formatting rule shows (fen with half-up rounding, a null figure, a name needing CSV quoting, Chinese text).
import type { ExecReport, KpiValue } from '../../../schema/executive.js';
import { parsePeriod, previousPeriod, trailingPeriods, yearAgoPeriod } from '../../../domain/period/reportPeriod.js';

const period = parsePeriod('2026-W47');

function kpi(id: KpiValue['id'], label: string, unit: KpiValue['unit'], value: number | null, previous: number | null): KpiValue {
  return {
    id, label, unit, better: 'up', value, previous, yearAgo: null,
    deltaPct: value !== null && previous ? ((value - previous) / Math.abs(previous)) * 100 : null, deltaYearAgoPct: null,
    target: { value: 100_000_00, amberWithin: 0.05 }, rag: value === null ? 'none' : value >= 100_000_00 ? 'green' : 'red',
    sparkline: trailingPeriods(period, 13).map((p, i) => ({ label: p.label, fromMs: p.fromMs, value: i === 12 ? value : 90_000_00 + i * 1_000_00 })),
    source: 'raw',
  };
}

export function execReportFixture(): ExecReport {
  return {
    definition: { id: 'weekly-exec', title: 'Weekly executive report', audience: 'Executive team', source: 'reports/weekly-exec.yaml' },
    period, previous: previousPeriod(period), yearAgo: yearAgoPeriod(period),
    generatedAtMs: Date.UTC(2026, 10, 29, 7, 5), dataAsOfMs: period.toMs, scope: 'all regions', targetsVersion: '2026-11-01',
    sections: [
      {
        id: 'revenue', title: 'Revenue',
        kpis: [kpi('revenue_total', 'Token revenue', 'fen', 123_456_789, 120_000_000), kpi('arpu', 'ARPU', 'fen', 4_321.5, 4_300), kpi('paying_accounts', 'Paying accounts', 'count', null, 19_000)],
        tables: [{
          id: 'arpu_by_tier', title: 'ARPU by tier',
          columns: [{ key: 'tier', label: 'Tier', unit: 'text' }, { key: 'revenue', label: 'Revenue', unit: 'fen' }, { key: 'arpu', label: 'ARPU', unit: 'fen' }, { key: 'accounts', label: 'Accounts', unit: 'count' }],
          rows: [
            { tier: 'Family 9.9', revenue: 1_000_005, arpu: 990.5, accounts: 1_010 },
            { tier: 'Developer, "Pro"', revenue: 250_000_00, arpu: -0.4, accounts: 12 },
            { tier: '家庭套餐', revenue: null, arpu: null, accounts: 0 },
          ],
        }],
      },
      { id: 'experience', title: 'Experience', kpis: [kpi('site_hours_met', 'Site-hours meeting objective', 'pct', 99.567, 99.1)], tables: [] },
    ],
    narrative: ['Token revenue rose 2.9% on the previous week, led by the Developer tier.'],
    coverage: { rawDays: 7, historyDays: 0, missingDays: 0 },
  };
}
