// The generated narrative: the biggest movers first, each with the driver the figures show, money via formatFen.
import { describe, expect, it } from 'vitest';
import { KPI_BY_ID, type KpiValue } from '../../schema/executive.js';
import { narrative, formatKpi } from '../../server/executive/narrative.js';
import { emptyRevenue } from '../../server/executive/revenueFigures.js';
import { emptyExperience } from '../../server/executive/experienceFigures.js';
import type { PeriodFigures } from '../../server/executive/kpiFigures.js';

const names = { tierName: (id: number) => ({ 1: 'Developer 159.9', 2: 'Family AI 9.9' } as Record<number, string>)[id] ?? `tier ${id}` };

function kpi(id: string, value: number | null, previous: number | null): KpiValue {
  const s = KPI_BY_ID.get(id)!;
  return {
    id, label: s.label, unit: s.unit, better: s.better, value, previous, yearAgo: null,
    deltaPct: value !== null && previous ? ((value - previous) / Math.abs(previous)) * 100 : null, deltaYearAgoPct: null,
    target: null, rag: 'none', sparkline: [], source: 'raw',
  };
}

function figures(byTier: Array<[number, number]>, byProvince: Array<[string, number, number]>): PeriodFigures {
  const revenue = emptyRevenue();
  revenue.days.add(0);
  for (const [t, fen] of byTier) revenue.byTier.set(t, { revenueFen: fen, payingAccountDays: 10 });
  const experience = emptyExperience();
  for (const [p, hours, met] of byProvince) experience.byProvince.set(p, { hours, met, creditsFen: 0, atRiskFen: 0, sitesBelow: 0 });
  return {
    revenue, experience, autonomy: null, sources: { revenue: 'raw', experience: 'raw', autonomy: 'none' },
    coverage: { rawDays: 7, historyDays: 0, missingDays: 0 },
  };
}

describe('narrative', () => {
  it('names the biggest movers first with their drivers, in computed money and points', () => {
    const prev = figures([[1, 100_000_00], [2, 50_000_00]], [['Zhejiang', 100, 99], ['Jiangsu', 100, 98]]);
    const cur = figures([[1, 112_345_67], [2, 49_000_00]], [['Zhejiang', 100, 95], ['Jiangsu', 100, 98]]);
    const out = narrative({
      kpis: [kpi('revenue_total', 161_345_67, 150_000_00), kpi('site_hours_met', 96.5, 98.5), kpi('escalations', 4, 4), kpi('mttr', 30, 33)],
      current: cur, previous: prev, periodLabel: '2026-W47', previousLabel: '2026-W46', names,
    });
    expect(out).toEqual([
      'Token revenue rose 7.6% to ¥161,345.67; the Developer 159.9 tier added most (+¥12,345.67).',
      'Mean time to resolve fell 9.1% to 30.0 min.',
      'Site-hours meeting objective fell 2.0 pts to 96.5% (worse); Zhejiang lost most (-4.0 pts).',
    ]);
  });

  it('weighs a revenue part by what it moved the total, not by its own base', () => {
    const f = figures([], []);
    const out = narrative({
      kpis: [kpi('revenue_total', 250_000_00, 248_000_00), kpi('revenue_pack', 480_00, 200_00), kpi('net_adds', 120, 100), kpi('sla_credits', 90_000_00, 60_000_00)],
      current: f, previous: f, periodLabel: '2026-W47', previousLabel: '2026-W46', names,
    });
    expect(out.map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['Token revenue', 'SLA credits', 'Net adds', 'One-time packs']);
  });

  it('caps at five movers and fills up to three with levels when few KPIs moved', () => {
    const f = figures([], []);
    const many = ['revenue_total', 'revenue_pack', 'revenue_payg', 'revenue_overage', 'arpu', 'tokens_consumed']
      .map((id, i) => kpi(id, 100 + 10 * (i + 1), 100));
    expect(narrative({ kpis: many, current: f, previous: f, periodLabel: 'p', previousLabel: 'q', names })).toHaveLength(5);
    const few = narrative({ kpis: [kpi('escalations', 3, 3), kpi('revenue_total', 500, null)], current: f, previous: f, periodLabel: '2026-11', previousLabel: '2026-10', names });
    expect(few).toEqual(['Escalations held at 3.', 'Token revenue was ¥5.00.']);
    expect(narrative({ kpis: [kpi('revenue_total', null, 5)], current: f, previous: f, periodLabel: '2025-01', previousLabel: '2024-12', names }))
      .toEqual(['No data for 2025-01 yet.']);
    expect(narrative({ kpis: [kpi('revenue_total', 700, null)], current: f, previous: f, periodLabel: '2026-11', previousLabel: '2026-10', names }))
      .toEqual(['2026-10 has no data to compare with.', 'Token revenue was ¥7.00.']);
  });

  it('formats each unit', () => {
    expect(formatKpi('fen', 123456)).toBe('¥1,234.56');
    expect(formatKpi('pct', 99.456)).toBe('99.5%');
    expect(formatKpi('tokens', 9_082_860_435)).toBe('9.08 B tokens');
    expect(formatKpi('fen_per_mtok', 2523)).toBe('¥25.23 per million tokens');
    expect(formatKpi('count', 17172.5)).toBe('17,172.5');
  });
});
