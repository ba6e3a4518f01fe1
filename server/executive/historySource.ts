// What the executive service reads from the daily history (pipelines/history/historyReader.ts implements it): rows of
// the days before the raw data, cut to provinces or sites when given.
import type { AssuranceHistoryRow, RevenueHistoryRow, TicketHistoryRow } from '../../schema/history.js';
import type { DayRange } from './dayRange.js';

export interface HistorySource {
  /** Days [fromMs, toMs) the history holds; null when there is none. */
  coverage(): DayRange | null | Promise<DayRange | null>;
  revenue(range: DayRange, provinces?: readonly string[]): Promise<RevenueHistoryRow[]>;
  /** The range's assurance summed per (site, class): one row each, `day` = range start, fees the largest day's. */
  assuranceTotals(range: DayRange, siteIds?: readonly number[]): Promise<AssuranceHistoryRow[]>;
  /** Tickets opened in the range. */
  tickets(range: DayRange, provinces?: readonly string[]): Promise<TicketHistoryRow[]>;
}
