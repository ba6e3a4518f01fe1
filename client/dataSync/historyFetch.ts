// Asks the server for a history plan (validated against the shared schema) and downloads what it names. A file or hot
// part gone since the plan (compaction, expiry) is a PlanExpiredError: the caller asks for a new plan.
import { HISTORY_PLAN_PATH, historyPlanSchema, type HistoryPlan } from '../../schema/dataPlane.js';
import type { TableName } from '../../schema/tables.js';
import { accessDeniedText, apiFetch, errorTextOf, HttpError } from '../api/apiFetch.js';

export class PlanExpiredError extends Error {
  constructor(message: string) { super(message); this.name = 'PlanExpiredError'; }
}

/** `fetch` as the app does it (same-origin cookies); tests pass one with a base URL and a token. */
export type FetchFn = (url: string, init?: RequestInit) => Promise<Response>;

export interface PlanQuery { tables: readonly TableName[]; fromMs?: number | undefined; toMs?: number | undefined; rollups: boolean }

export function historyPlanUrl(q: PlanQuery): string {
  const p = new URLSearchParams({ tables: q.tables.join(',') });
  if (q.fromMs !== undefined) p.set('from', String(q.fromMs));
  if (q.toMs !== undefined) p.set('to', String(q.toMs));
  if (q.rollups) p.set('rollups', '1');
  return `${HISTORY_PLAN_PATH}?${p.toString()}`;
}

async function refused(res: Response, what: string): Promise<HttpError> {
  return new HttpError(res.status, accessDeniedText(res.status, what) ?? `${what}: HTTP ${res.status} ${await errorTextOf(res)}`);
}

export async function fetchHistoryPlan(q: PlanQuery, o: { fetch?: FetchFn; signal?: AbortSignal } = {}): Promise<HistoryPlan> {
  const res = await (o.fetch ?? apiFetch)(historyPlanUrl(q), o.signal ? { signal: o.signal } : {});
  if (!res.ok) throw await refused(res, 'history plan');
  const parsed = historyPlanSchema.safeParse(await res.json());
  if (!parsed.success) throw new Error(`history plan: unexpected answer (${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`);
  return parsed.data;
}

const MAX_RATE_LIMIT_WAITS = 20;

/** The bytes of a plan's file or hot part; waits out a rate limit (429 + Retry-After) rather than failing the load. */
export async function fetchPlanBytes(url: string, o: { fetch?: FetchFn; signal?: AbortSignal } = {}): Promise<Uint8Array> {
  for (let waits = 0; ; waits++) {
    const res = await (o.fetch ?? apiFetch)(url, o.signal ? { signal: o.signal } : {});
    if (res.ok) return new Uint8Array(await res.arrayBuffer());
    if (res.status === 404 || res.status === 410) throw new PlanExpiredError(`${url}: ${await errorTextOf(res)}`);
    if (res.status === 429 && waits < MAX_RATE_LIMIT_WAITS) {
      const sec = Number(res.headers.get('retry-after'));
      await res.text().catch(() => '');
      await new Promise((r) => setTimeout(r, Number.isFinite(sec) && sec > 0 ? Math.min(sec, 30) * 1000 : 1000));
      continue;
    }
    throw await refused(res, url);
  }
}
