// The days a result covers (its filters' range, open ends filled from the lake) and how the page says it.
import { useCallback } from 'react';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { DAY_MS, type LakeDays } from './dateRange.js';
import type { FilterOptions } from './filterOptions.js';
import type { RevenueFilters } from './revenueQueries.js';
import { REVENUE_MESSAGES } from './revenueMessages.js';

/** [fromMs, toMs) in UTC days, and how many days that is. */
export interface ExplorerPeriod { fromMs: number; toMs: number; days: number }

export function lakeDaysOf(o: FilterOptions | null): LakeDays | null {
  return o && o.minDayMs !== null && o.maxDayMs !== null ? { firstDayMs: o.minDayMs, lastDayMs: o.maxDayMs } : null;
}

export function periodOf(f: Pick<RevenueFilters, 'fromMs' | 'toMs'>, lake: LakeDays | null): ExplorerPeriod | null {
  if (!lake) return null;
  const fromMs = f.fromMs ?? lake.firstDayMs;
  const toMs = f.toMs ?? lake.lastDayMs + DAY_MS;
  return { fromMs, toMs, days: Math.max(0, Math.round((toMs - fromMs) / DAY_MS)) };
}

/** "2026-11-23 – 2026-11-30 · 8 days" / "2026年11月23日 至 2026年11月30日，共 8 天". */
export function usePeriodText(): (p: ExplorerPeriod | null) => string {
  const { fmt } = useI18n();
  const t = useMessages(REVENUE_MESSAGES);
  return useCallback((p) => (p ? t('period', { from: fmt.day(p.fromMs), to: fmt.day(p.toMs - DAY_MS), n: p.days }) : '—'), [fmt, t]);
}
