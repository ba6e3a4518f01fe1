// The report-run archive on both state stores (embedded DuckDB and PostgreSQL, same SQL): one scheduled run per
// (definition, period), listing newest first and by definition, PDFs stored whole, the schedule's last fire upserted.
// The PostgreSQL half runs in a private schema and is skipped, with the reason printed, when none is reachable.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbDriver, type SqlDriver } from '../../pipelines/heal/sqlDriver.js';
import { openPgDriver } from '../../pipelines/heal/pgDriver.js';
import { ReportArchive } from '../../server/reports/reportArchive.js';

const PG_URL = process.env.OPSDECK_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
let pgAdmin: SqlDriver | null = null;
try { pgAdmin = await openPgDriver(PG_URL, 1500); } catch (e) { console.warn(`[reportsArchive] PostgreSQL half skipped: ${(e as Error).message}`); }
const schema = `opsdeck_reports_${process.pid}_${Date.now().toString(36)}`;

const stores: Array<{ name: string; open: () => Promise<SqlDriver> }> = [{ name: 'DuckDB', open: () => DuckDbDriver.open(':memory:') }];
if (pgAdmin) {
  stores.push({
    name: 'PostgreSQL',
    open: async () => {
      await pgAdmin!.exec(`CREATE SCHEMA ${schema}`);
      return openPgDriver(`${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`);
    },
  });
}

afterAll(async () => {
  if (!pgAdmin) return;
  await pgAdmin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pgAdmin.close();
});

describe.each(stores)('report archive on $name', ({ open }) => {
  it('keeps runs, deliveries, PDFs and schedule fires', async () => {
    const db = await open();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-report-archive-'));
    try {
      const archive = new ReportArchive(db, path.join(dir, 'archive'));
      await archive.init();
      await archive.init(); // idempotent DDL

      const base = { definitionId: 'weekly-exec', periodLabel: '2026-W47', trigger: 'schedule' as const, scope: null, requestedBy: 'schedule' };
      const a = await archive.create({ ...base, targets: ['http://h/1', 'http://h/2'], atMs: 1000 });
      expect(a).toMatchObject({ state: 'pending', attempts: 0, pdfBytes: null, finishedAtMs: null, lastError: null });
      expect(a!.deliveries.map((d) => `${d.target} ${d.state} ${d.attempts}`)).toEqual(['http://h/1 pending 0', 'http://h/2 pending 0']);
      // The same scheduled period again: refused by the unique key, no second run and no stray deliveries.
      expect(await archive.create({ ...base, targets: ['http://h/3'], atMs: 2000 })).toBeNull();
      const m1 = await archive.create({ ...base, trigger: 'manual', scope: { regions: ['East'], provinces: [] }, requestedBy: 'amy', targets: [], atMs: 3000 });
      const m2 = await archive.create({ ...base, trigger: 'manual', requestedBy: 'bob', targets: [], atMs: 3000 });
      const other = await archive.create({ ...base, definitionId: 'monthly-exec', periodLabel: '2026-10', targets: [], atMs: 500 });

      expect((await archive.list()).map((r) => r.runId)).toEqual([m2!.runId, m1!.runId, a!.runId, other!.runId]);
      expect((await archive.list({ definitionId: 'monthly-exec' })).map((r) => r.runId)).toEqual([other!.runId]);
      expect((await archive.list({ states: ['pending'], limit: 2 })).length).toBe(2);
      expect((await archive.get(m1!.runId))!.scope).toEqual({ regions: ['East'], provinces: [] });

      await archive.update(a!.runId, { state: 'rendering', attempts: 1, lastError: 'render attempt 1 failed: x' });
      const pdf = new TextEncoder().encode('%PDF-1.7 archived');
      await archive.storePdf(a!.runId, pdf, { state: 'delivering', finishedAtMs: null });
      await archive.updateDelivery(a!.runId, 'http://h/1', { state: 'delivered', attempts: 2, lastError: null, atMs: 4000 });
      await archive.updateDelivery(a!.runId, 'http://h/2', { state: 'failed', attempts: 5, lastError: 'HTTP 503', atMs: 4100 });
      expect(await archive.get(a!.runId)).toMatchObject({
        state: 'delivering', attempts: 1, pdfBytes: pdf.byteLength, lastError: 'render attempt 1 failed: x',
        deliveries: [
          { target: 'http://h/1', state: 'delivered', attempts: 2, lastError: null, atMs: 4000 },
          { target: 'http://h/2', state: 'failed', attempts: 5, lastError: 'HTTP 503', atMs: 4100 },
        ],
      });
      expect(await archive.pdf(a!.runId)).toEqual(pdf);
      expect(await archive.pdf(m1!.runId)).toBeNull();
      expect(await readdir(path.join(dir, 'archive'))).toEqual([`${a!.runId}.pdf`]);

      expect(await archive.lastFire('weekly-exec')).toBeNull();
      await archive.setLastFire('weekly-exec', 10);
      await archive.setLastFire('weekly-exec', 20);
      expect(await archive.lastFire('weekly-exec')).toBe(20);
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
