import { describe, expect, it } from 'vitest';
import { rowsToTable, tableToRows, tableToIpcStream, ipcToTable } from '../../schema/arrowRows.js';
import { col } from '../../schema/columns.js';
import { tierSpec, usageSpec, type Usage } from '../../schema/tables.js';
import { DEFAULT_TIERS } from '../../schema/tierCatalog.js';
import { decodeLiveFrame, encodeLiveFrame, parseSnapshotRequest } from '../../schema/dataPlane.js';

describe('Arrow IPC round trip of the shared schema', () => {
  it('keeps int64 ids beyond 2^32, timestamps to the ms, nulls and enums', () => {
    const rows: Usage[] = [{
      event_id: 2 ** 50 + 3, ts: Date.UTC(2026, 10, 1, 3, 4, 5, 678), account_id: 1, site_id: 2, model: 'qwen', route: 'edge',
      tokens_in: 10, tokens_out: 20, cached_tokens: 0, ttft_ms: 12.5, compute_cost_fen_per_mtok: 80,
    }];
    const t = ipcToTable(tableToIpcStream(rowsToTable(usageSpec, rows)));
    expect(t.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toContain('event_id:Int64');
    expect(tableToRows(usageSpec, t)).toEqual(rows);
    const tiers = tableToRows(tierSpec, ipcToTable(tableToIpcStream(rowsToTable(tierSpec, [...DEFAULT_TIERS]))));
    expect(tiers).toEqual(DEFAULT_TIERS);
    expect(tiers.filter((x) => x.uplink_sla_mbps === null).length).toBeGreaterThan(0);
  });

  it('keeps nulls of every column kind, unicode and more distinct strings than the encoder caches', () => {
    const spec = {
      i: col.int32({ nullable: true }), b: col.int64({ nullable: true }), f: col.float64({ nullable: true }),
      s: col.utf8({ nullable: true }), t: col.timestampMs({ nullable: true }),
    };
    const rows = Array.from({ length: 5000 }, (_, k) => (k % 7 === 3
      ? { i: null, b: null, f: null, s: null, t: null }
      : { i: 1000 - k, b: 2 ** 40 + k, f: k / 3, s: k % 2 ? `站点-${k}` : '', t: Date.UTC(2026, 0, 1) + k }));
    const back = tableToRows(spec, ipcToTable(tableToIpcStream(rowsToTable(spec, rows))));
    expect(back).toEqual(rows);
  });

  it('frames live batches with a header the client can decode', () => {
    const ipc = tableToIpcStream(rowsToTable(tierSpec, [...DEFAULT_TIERS]));
    const { header, ipc: back } = decodeLiveFrame(encodeLiveFrame({ table: 'kpi', seq: 42, rows: 11 }, ipc));
    expect(header).toEqual({ table: 'kpi', seq: 42, rows: 11 });
    expect(ipcToTable(back).numRows).toBe(DEFAULT_TIERS.length);
  });

  it('validates snapshot requests with readable errors', () => {
    expect(parseSnapshotRequest('kpi', { from: '10', to: '20', columns: 'ts,site_id' })).toMatchObject({ ok: true, req: { fromMs: 10, toMs: 20, columns: ['ts', 'site_id'] } });
    expect(parseSnapshotRequest('nope', {})).toMatchObject({ ok: false, error: expect.stringContaining('unknown table') });
    expect(parseSnapshotRequest('fault', {})).toMatchObject({ ok: false });
    expect(parseSnapshotRequest('kpi', { columns: 'ts,bogus' })).toMatchObject({ ok: false, error: expect.stringContaining('bogus') });
    expect(parseSnapshotRequest('kpi', { from: 'abc' })).toMatchObject({ ok: false });
    expect(parseSnapshotRequest('kpi', { from: '20', to: '10' })).toMatchObject({ ok: false });
    expect(parseSnapshotRequest('kpi', { evil: '1' })).toMatchObject({ ok: false });
  });
});
