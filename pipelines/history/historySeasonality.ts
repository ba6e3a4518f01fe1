// Calendar effects of the synthetic history: the simulator's weekly demand shape per segment, Chinese public holidays
// (Spring Festival, National Day golden week), usage growth over time and the billing month's shape.
import { SEGMENTS, type Segment } from '../../schema/tables.js';
import { weeklyShape } from '../simulator/plan/usageShape.js';

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;

/** Chinese New Year's day (UTC midnights); the Spring Festival holiday runs from its eve for 8 days. */
const SPRING_FESTIVAL: readonly number[] = [
  '2022-02-01', '2023-01-22', '2024-02-10', '2025-01-29', '2026-02-17', '2027-02-06', '2028-01-26', '2029-02-13', '2030-02-03',
].map((d) => Date.parse(`${d}T00:00:00Z`));

/** Demand on a holiday day relative to the weekly mean: families use more, offices close. */
const HOLIDAY_DEMAND: Record<Segment, number> = { family: 1.3, developer: 0.55, sme: 0.35, enterprise: 0.3, government: 0.2 };

export type HolidayKind = 'spring_festival' | 'national_day' | null;

export function holidayOf(dayMs: number): HolidayKind {
  for (const ny of SPRING_FESTIVAL) if (dayMs >= ny - DAY_MS && dayMs < ny + 7 * DAY_MS) return 'spring_festival';
  const d = new Date(dayMs);
  if (d.getUTCMonth() === 9 && d.getUTCDate() <= 7) return 'national_day';
  return null;
}

// The simulator's shape is by Beijing hour of the week (Monday 00:00 = 0); a UTC day starts at 08:00 Beijing.
const DAILY_BY_SEGMENT: ReadonlyMap<Segment, readonly number[]> = new Map(SEGMENTS.map((s) => {
  const shape = weeklyShape(s);
  const byEpochDayMod7 = Array.from({ length: 7 }, (_, r) => {
    let sum = 0;
    for (let h = 0; h < 24; h++) sum += shape[(24 * r + h + 80) % 168]!;
    return sum / 24;
  });
  return [s, byEpochDayMod7];
}));

/** Expected demand of a segment on a UTC day relative to the weekly mean (weekday x holiday). */
export function demandFactor(segment: Segment, dayMs: number): number {
  const weekly = DAILY_BY_SEGMENT.get(segment)![Math.floor(dayMs / DAY_MS) % 7]!;
  return holidayOf(dayMs) ? HOLIDAY_DEMAND[segment] : weekly;
}

/** Usage per account grows as AI features spread: about 30 % a year, so a year earlier is ~0.74 of now. */
export function usageGrowth(dayMs: number, nowMs: number): number {
  return Math.exp(-0.3 * Math.max(0, nowMs - dayMs) / YEAR_MS);
}

/** Years before `nowMs` (>= 0): automation and the network improve with it going down. */
export function yearsBefore(dayMs: number, nowMs: number): number {
  return Math.max(0, nowMs - dayMs) / YEAR_MS;
}

/** Day of the month (1-based) and the month's length. */
export function dayOfMonth(dayMs: number): { dom: number; daysInMonth: number } {
  const d = new Date(dayMs);
  return { dom: d.getUTCDate(), daysInMonth: new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate() };
}

/** One-time packs sell more in the first days of a month, when family budgets reset (mean ~1 over a month). */
export function packMonthFactor(dayMs: number): number {
  const { dom } = dayOfMonth(dayMs);
  return dom <= 3 ? 1.8 : 0.92;
}
