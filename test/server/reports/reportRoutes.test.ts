// The report routes with fake definitions, computation and renderer: the user's scope reaches the computation,
// files are attachments named after report and period, and bad def / period / table are clear JSON errors.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecReport, ReportDefinition, ReportPeriod } from '../../../schema/executive.js';
import { DataScope } from '../../../server/identity/dataScope.js';
import type { AuthUser } from '../../../server/identity/identityService.js';
import { registerReportRoutes, reportFileName } from '../../../server/reports/reportRoutes.js';
import { execReportFixture } from './execReportFixture.js';

const DEF: ReportDefinition = {
  id: 'weekly-exec', title: 'Weekly executive report', audience: 'Executive team', source: 'reports/weekly-exec.yaml', period: 'week',
  sections: [{ id: 'revenue', title: 'Revenue', kpis: ['revenue_total'], tables: ['arpu_by_tier'] }], schedule: null, deliver: [],
};
const EAST = new DataScope({ regions: ['East'], provinces: [] }, new Set([1, 2]), new Set(['Zhejiang']));

describe('report routes', () => {
  const app = Fastify();
  const calls: Array<{ period: ReportPeriod; scope: DataScope }> = [];
  const declared: string[] = [];
  beforeAll(async () => {
    app.addHook('onRoute', (r) => { declared.push(`${String(r.method)} ${r.url} ${(r.config as { permission?: string } | undefined)?.permission}`); });
    app.decorateRequest('user', null);
    app.addHook('onRequest', async (req) => { req.user = { username: 'ceo' } as AuthUser; });
    registerReportRoutes(app, {
      definition: (id) => (id === DEF.id ? DEF : null),
      definitionIds: () => [DEF.id],
      report: async (def, period, scope): Promise<ExecReport> => { calls.push({ period, scope }); return { ...execReportFixture(), period }; },
      renderer: {
        renderPdfWithInfo: async () => ({ bytes: new TextEncoder().encode('%PDF-1.4 fake'), pages: 2, ms: 3, queuedMs: 0, loadMs: 2, pdfMs: 1 }),
        renderHtml: async (r) => `<!doctype html><title>${r.period.label}</title>`,
      },
      scopeOf: (user) => (user?.username === 'ceo' ? EAST : DataScope.ALL),
      now: () => Date.UTC(2026, 10, 29, 12),
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it('every route declares reports.read', () => {
    expect(declared.filter((d) => d.startsWith('GET '))).toEqual([
      'GET /reports/render.pdf reports.read', 'GET /reports/render.html reports.read', 'GET /reports/table.csv reports.read',
    ]);
  });

  it('serves the PDF as an attachment computed in the user scope', async () => {
    const res = await app.inject({ url: '/reports/render.pdf?def=weekly-exec&period=2026-W47' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="weekly-exec-2026-W47.pdf"');
    expect(res.headers['x-report-pages']).toBe('2');
    expect(res.headers['server-timing']).toMatch(/^compute;dur=[\d.]+, queue;dur=0\.0, load;dur=2\.0, pdf;dur=1\.0$/);
    expect(res.body.startsWith('%PDF')).toBe(true);
    expect(calls.at(-1)!.scope).toBe(EAST);
    expect(calls.at(-1)!.period.label).toBe('2026-W47');
  });

  it('serves HTML and one table as CSV', async () => {
    const html = await app.inject({ url: '/reports/render.html?def=weekly-exec&period=2026-11-01..2026-11-15' });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-disposition']).toBe('attachment; filename="weekly-exec-2026-11-01_to_2026-11-15.html"');
    const csv = await app.inject({ url: '/reports/table.csv?def=weekly-exec&period=2026-W47&table=arpu_by_tier' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="weekly-exec-2026-W47-arpu_by_tier.csv"');
    expect(csv.body).toContain('Family 9.9,10000.05');
  });

  it('answers bad requests with a status and a JSON error', async () => {
    const cases: Array<[string, number, RegExp]> = [
      ['/reports/render.pdf?def=nope&period=2026-W47', 404, /unknown report definition 'nope' \(known: weekly-exec\)/],
      ['/reports/render.pdf?def=weekly-exec&period=2026-W54', 400, /ISO weeks 1-53/],
      ['/reports/render.pdf?def=weekly-exec&period=2026-02-30', 400, /not a real date/],
      ['/reports/render.pdf?def=weekly-exec&period=2026-W49', 400, /period 2026-W49 has not started yet \(the data runs to 2026-11-29 12:00 UTC\)/],
      ['/reports/render.html?period=2026-W47', 400, /def/],
      ['/reports/table.csv?def=weekly-exec&period=2026-W47', 400, /table/],
      ['/reports/table.csv?def=weekly-exec&period=2026-W47&table=worst_provinces', 404, /no table 'worst_provinces'/],
    ];
    for (const [url, status, error] of cases) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(status);
      expect((res.json() as { error: string }).error, url).toMatch(error);
    }
  });

  it('names files safely', () => {
    expect(reportFileName('weekly-exec', { kind: 'week', label: '2026-W47', fromMs: 0, toMs: 1 }, 'pdf')).toBe('weekly-exec-2026-W47.pdf');
  });
});
