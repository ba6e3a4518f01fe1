// Edge validation of one raw event against a table spec: returns the typed row or the first reason it is bad.
import type { ColumnSpec, RowOf, TableSpec } from './columns.js';

export type Validated<T extends TableSpec> = { ok: true; row: RowOf<T> } | { ok: false; reason: string };

const ISO_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function checkCell(name: string, c: ColumnSpec, v: unknown): { value: unknown } | { reason: string } {
  if (v === undefined) return c.nullable ? { value: null } : { reason: `missing field '${name}'` };
  if (v === null) return c.nullable ? { value: null } : { reason: `null in non-nullable field '${name}'` };
  if (c.kind === 'utf8') {
    if (typeof v !== 'string') return { reason: `field '${name}' must be a string, got ${typeof v}` };
    if (c.values && !c.values.includes(v)) return { reason: `field '${name}' has unknown value '${v.slice(0, 40)}'` };
    return { value: v };
  }
  let n: number;
  if (typeof v === 'number') n = v;
  else if (c.kind === 'timestampMs' && typeof v === 'string' && ISO_TS.test(v)) n = Date.parse(v);
  else if (c.kind === 'int64' && typeof v === 'string' && /^\d{1,16}$/.test(v)) n = Number(v);
  else if (typeof v === 'bigint') n = Number(v);
  else return { reason: `field '${name}' must be a number, got ${typeof v}` };
  if (!Number.isFinite(n)) return { reason: `field '${name}' is not finite (${String(n)})` };
  if (c.kind !== 'float64' && !Number.isInteger(n)) return { reason: `field '${name}' must be an integer, got ${n}` };
  if (c.kind === 'int64' && !Number.isSafeInteger(n)) return { reason: `field '${name}' exceeds the safe integer range` };
  if (c.min !== undefined && n < c.min) return { reason: `field '${name}' below minimum ${c.min} (${n})` };
  if (c.max !== undefined && n > c.max) return { reason: `field '${name}' above maximum ${c.max} (${n})` };
  return { value: n };
}

/** Checks presence, type, finiteness, integer-ness, bounds and enum membership of every column. */
export function validateRow<T extends TableSpec>(spec: T, raw: unknown): Validated<T> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'event is not an object' };
  const src = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, c] of Object.entries(spec)) {
    const r = checkCell(name, c, src[name]);
    if ('reason' in r) return { ok: false, reason: r.reason };
    out[name] = r.value;
  }
  return { ok: true, row: out as RowOf<T> };
}
