// What the filter bar can offer, read from the loaded rated tables: tiers, provinces, models and the rated days.
export interface FilterOptions {
  tiers: ReadonlyArray<{ id: number; name: string }>;
  provinces: readonly string[];
  models: readonly string[];
  minDayMs: number | null;
  maxDayMs: number | null;
}
