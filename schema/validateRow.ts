// Edge validation of one raw event against a table spec: returns the typed row or the first reason it is bad.
import type { ColumnSpec, RowOf, TableSpec } from './columns.js';

/** Stable reason codes, used as dead-letter counters; `reason` adds the human detail. */
export type RejectCode =
  | 'not_object' | 'missing_field' | 'null_field' | 'wrong_type' | 'unknown_value'
  | 'not_finite' | 'not_integer' | 'out_of_range' | 'too_long';

export type Rejection = { ok: false; code: RejectCode; reason: string };
export type Validated<T extends TableSpec> = { ok: true; row: RowOf<T> } | Rejection;
type CellResult = { value: unknown } | { code: RejectCode; reason: string };

const ISO_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function checkCell(name: string, c: ColumnSpec, v: unknown): CellResult {
  if (v === undefined) return c.nullable ? { value: null } : { code: 'missing_field', reason: `missing field '${name}'` };
  if (v === null) return c.nullable ? { value: null } : { code: 'null_field', reason: `null in non-nullable field '${name}'` };
  if (c.kind === 'utf8') {
    if (typeof v !== 'string') return { code: 'wrong_type', reason: `field '${name}' must be a string, got ${typeof v}` };
    // Before any other look at the value: a 10 MB string must cost nothing beyond its length check.
    if (c.maxLength !== undefined && v.length > c.maxLength) {
      return { code: 'too_long', reason: `field '${name}' is ${v.length} characters long; the limit is ${c.maxLength}` };
    }
    if (c.values && !c.values.includes(v)) return { code: 'unknown_value', reason: `field '${name}' has unknown value '${v.slice(0, 40)}'` };
    return { value: v };
  }
  let n: number;
  if (typeof v === 'number') n = v;
  else if (c.kind === 'timestampMs' && typeof v === 'string' && ISO_TS.test(v)) n = Date.parse(v);
  else if (c.kind === 'int64' && typeof v === 'string' && /^\d{1,16}$/.test(v)) n = Number(v);
  else if (typeof v === 'bigint') n = Number(v);
  else return { code: 'wrong_type', reason: `field '${name}' must be a number, got ${typeof v}` };
  if (!Number.isFinite(n)) return { code: 'not_finite', reason: `field '${name}' is not finite (${String(n)})` };
  if (c.kind !== 'float64' && !Number.isInteger(n)) return { code: 'not_integer', reason: `field '${name}' must be an integer, got ${n}` };
  if (c.kind === 'int64' && !Number.isSafeInteger(n)) return { code: 'out_of_range', reason: `field '${name}' exceeds the safe integer range` };
  if (c.min !== undefined && n < c.min) return { code: 'out_of_range', reason: `field '${name}' below minimum ${c.min} (${n})` };
  if (c.max !== undefined && n > c.max) return { code: 'out_of_range', reason: `field '${name}' above maximum ${c.max} (${n})` };
  return { value: n };
}

/** Checks presence, type, finiteness, integer-ness, bounds, string length and enum membership of every column. */
export function validateRow<T extends TableSpec>(spec: T, raw: unknown): Validated<T> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, code: 'not_object', reason: 'event is not an object' };
  }
  const src = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, c] of Object.entries(spec)) {
    const r = checkCell(name, c, src[name]);
    if ('code' in r) return { ok: false, code: r.code, reason: r.reason };
    out[name] = r.value;
  }
  return { ok: true, row: out as RowOf<T> };
}
