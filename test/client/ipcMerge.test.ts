// Pins merging of several Arrow IPC streams (one per live frame) into one insertable stream.
import { describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { mergeIpcStreams } from '../../client/dataSync/ipcMerge.js';
import { rowsToTable, tableToIpcStream } from '../../schema/arrowRows.js';
import { kpiSpec, type Kpi } from '../../schema/tables.js';

const kpi = (ts: number, site: number): Kpi => ({
  ts, site_id: site, latency_ms: 10, jitter_ms: 1, loss_pct: 0, dl_mbps: 100, ul_mbps: 20, prb_util: 0.5, active_users: 3,
});

describe('mergeIpcStreams', () => {
  it('concatenates batches in order and finds the minimum timestamp', () => {
    const a = tableToIpcStream(rowsToTable(kpiSpec, [kpi(5000, 1), kpi(3000, 2)]));
    const b = tableToIpcStream(rowsToTable(kpiSpec, [kpi(4000, 3)]));
    const m = mergeIpcStreams([a, b], 'ts');
    expect(m.rows).toBe(3);
    expect(m.minTimeMs).toBe(3000);
    const t = tableFromIPC(m.ipc);
    expect(t.schema.fields.map((f) => f.name)).toEqual(Object.keys(kpiSpec));
    expect([...t.getChild('site_id')!].map(Number)).toEqual([1, 2, 3]);
  });

  it('passes a single stream through untouched', () => {
    const a = tableToIpcStream(rowsToTable(kpiSpec, [kpi(1, 1)]));
    expect(mergeIpcStreams([a]).ipc).toBe(a);
  });
});
