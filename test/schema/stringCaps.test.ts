// Every string column carries a length cap in its spec, and validateRow rejects a longer value as 'too_long'
// naming the field and the limit (ingest dead-letters it), before looking at it any further.
import { describe, expect, it } from 'vitest';
import { col, DEFAULT_MAX_STRING_LENGTH, type TableSpec } from '../../schema/columns.js';
import { TABLES, TABLE_NAMES } from '../../schema/tables.js';
import { validateRow } from '../../schema/validateRow.js';

const usage = {
  event_id: 1, ts: Date.UTC(2026, 10, 1), account_id: 1, site_id: 1, model: 'DeepSeek-V3.2', route: 'edge',
  tokens_in: 10, tokens_out: 20, cached_tokens: 0, ttft_ms: 300, compute_cost_fen_per_mtok: 200,
};
const alarm = { ts: Date.UTC(2026, 10, 1), alarm_id: 1, site_id: 1, severity: 'major', probable_cause: 'Baseband unit failure', state: 'raised' };
const TEN_MB = 'x'.repeat(10 * 1024 * 1024);

describe('string caps', () => {
  it('every string column of every table has a maximum length', () => {
    for (const t of TABLE_NAMES) {
      for (const [name, c] of Object.entries(TABLES[t].spec as TableSpec)) {
        if (c.kind === 'utf8') expect(c.maxLength, `${t}.${name}`).toBeGreaterThan(0);
      }
    }
    expect(TABLES.usage.spec.model.maxLength).toBe(64);
    expect(TABLES.alarm.spec.probable_cause.maxLength).toBe(256);
    expect(col.utf8().maxLength).toBe(DEFAULT_MAX_STRING_LENGTH);
  });

  it('accepts a value at the limit and rejects one character more with the field and the limit', () => {
    expect(validateRow(TABLES.usage.spec, { ...usage, model: 'm'.repeat(64) }).ok).toBe(true);
    expect(validateRow(TABLES.usage.spec, { ...usage, model: 'm'.repeat(65) })).toEqual({
      ok: false, code: 'too_long', reason: "field 'model' is 65 characters long; the limit is 64",
    });
  });

  it.each([
    ['usage', 'model', usage],
    ['usage', 'route', usage],
    ['alarm', 'probable_cause', alarm],
    ['alarm', 'severity', alarm],
    ['alarm', 'state', alarm],
  ] as const)('a 10 MB %s.%s is too_long, and the reason stays short', (table, field, row) => {
    const r = validateRow(TABLES[table].spec, { ...row, [field]: TEN_MB });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('too_long');
    expect(r.reason).toBe(`field '${field}' is ${TEN_MB.length} characters long; the limit is ${(TABLES[table].spec as TableSpec)[field]!.maxLength}`);
  });

  it('an enum value within the cap but unknown is still unknown_value', () => {
    expect(validateRow(TABLES.alarm.spec, { ...alarm, severity: 'apocalyptic' })).toMatchObject({ ok: false, code: 'unknown_value' });
    expect(validateRow(TABLES.alarm.spec, alarm).ok).toBe(true);
  });
});
