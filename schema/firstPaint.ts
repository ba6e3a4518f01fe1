// The first-paint series of the diagnostics page's usage chart: tokens per hour over the browser's data window,
// precomputed by the server so the chart draws while DuckDB-WASM is still starting.
import { z } from 'zod';

/** `GET` this (permission data.read); the answer holds only the tokens of the user's data scope. */
export const FIRST_PAINT_HOURLY_TOKENS_PATH = '/data/first-paint/hourly-tokens';

const HOUR_MS = 3_600_000;
/** Hours of data the browser's DuckDB holds (client/dataSync/timeWindow.ts: the same rule, kept equal by a test). */
const WINDOW_HOURS = 24;

/** Start of the browser's data window for the data clock `nowMs`: 24 h back, floored to the hour. */
export function firstPaintSinceMs(nowMs: number): number {
  return Math.floor((nowMs - WINDOW_HOURS * HOUR_MS) / HOUR_MS) * HOUR_MS;
}

const epochMs = z.number().int().nonnegative();

/**
 * Column-major and compact: `hourMs[i]` (UTC hour start) carried `tokens[i]` (tokens_in + tokens_out), only hours holding
 * usage rows, ascending: exactly the rows of the chart's own SQL (client/features/spine/spineQueries.ts HOURLY_TOKENS_SQL).
 */
export const hourlyTokensSeriesSchema = z.object({
  /** Window start (data clock): the series covers usage with ts >= sinceMs. */
  sinceMs: epochMs,
  /** Server wall clock when the series was computed: what "as of" means on screen. */
  asOfMs: epochMs,
  /** The hot window's live seq the series includes. */
  seq: z.number().int().nonnegative(),
  hourMs: z.array(epochMs),
  tokens: z.array(z.number().nonnegative()),
}).strict().superRefine((s, ctx) => {
  if (s.hourMs.length !== s.tokens.length) ctx.addIssue({ code: 'custom', message: 'hourMs and tokens differ in length' });
  for (let i = 0; i < s.hourMs.length; i++) {
    if (s.hourMs[i]! % HOUR_MS !== 0) { ctx.addIssue({ code: 'custom', message: `hourMs[${i}] is not an hour start` }); return; }
    if (i > 0 && s.hourMs[i]! <= s.hourMs[i - 1]!) { ctx.addIssue({ code: 'custom', message: `hourMs not ascending at ${i}` }); return; }
  }
});

export type HourlyTokensSeries = z.infer<typeof hourlyTokensSeriesSchema>;
