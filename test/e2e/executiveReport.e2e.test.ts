// Acceptance of issue 9 end to end (real server, real Chromium, a real PDF parser): the executive page shows the
// server's computation for a fixed period, the PDF from /reports/render.pdf and from `npm run report` carries the same
// figures as the page formats them, with page numbers and the data-as-of stamp, and a table's CSV has the same rows.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecReport, KpiValue, ReportTable } from '../../schema/executive.js';
import { lastCompletePeriod } from '../../domain/period/reportPeriod.js';
import { formatKpiValue } from '../../client/features/executive/kpiFormat.js';
import { kpiFigureText } from '../../client/features/executive/kpiFigureState.js';
import { formatStampUtc } from '../../server/reports/printTemplates.js';
import type { AppRouter } from '../../server/trpc/appRouter.js';
import { pdfPageTexts } from '../server/reports/pdfText.js';
import { pageErrors, REPO, startE2eApp, type E2eApp } from './e2eHarness.js';

const DEF = 'weekly-exec';
/** The last complete ISO week: what the page opens with for the weekly report, and what a Monday run renders. */
const PERIOD = lastCompletePeriod('week', Date.now());

interface ExecutiveQueries { executive: { report: { query(input: { definitionId: string; period: string }): Promise<ExecReport> } } }

const allKpis = (r: ExecReport): KpiValue[] => r.sections.flatMap((s) => s.kpis);
const tableOf = (r: ExecReport, id: string): ReportTable => r.sections.flatMap((s) => s.tables).find((t) => t.id === id)!;

/** Minimal RFC 4180 reader (quoted fields, doubled quotes, CRLF) for checking the CSV independently of its writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn('npx', ['tsx', 'server/reports/reportCli.ts', ...args], { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
    p.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    p.once('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('executive report: page, PDF, CLI and CSV agree with the server (real server, real Chromium)', () => {
  let app: E2eApp | null = null;
  let report: ExecReport;
  let tmp = '';
  let basic = '';

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'opsdeck-e2e-report-out-'));
    app = await startE2eApp('opsdeck-e2e-exec-', {
      OPSDECK_SIM_SPEED: '1', OPSDECK_SEED: '7', OPSDECK_SITES: '30', OPSDECK_ACCOUNTS: '600', OPSDECK_DAYS: '8',
      // One rating for the whole test, so every rendering describes the same rated data.
      OPSDECK_REVENUE_REFRESH_MS: '3600000',
    });
    basic = `Basic ${Buffer.from(`admin:${app.adminPassword}`).toString('base64')}`;
    // The server rates the lake in the background after it starts listening; until then a report says its revenue
    // has no source (shown as missing, never 0). The figures compared below are the rated ones, so wait for them.
    const exec = (app.trpc as unknown as ExecutiveQueries).executive.report;
    const deadline = Date.now() + 180_000;
    for (;;) {
      report = await exec.query({ definitionId: DEF, period: PERIOD.label });
      if (allKpis(report).find((k) => k.id === 'revenue_total')?.source !== 'none') break;
      if (Date.now() > deadline) throw new Error('the server did not rate the lake within 180 s');
      await new Promise((r) => setTimeout(r, 500));
    }
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('the page shows the server computation for the period, formatted', async () => {
    const { browser, base } = app!;
    const page = await browser.newPage();
    const errors = pageErrors(page);
    await app!.signIn(page);
    const t0 = Date.now();
    await page.goto(`${base}/#/executive`);
    const picker = page.locator('[data-testid="definition-picker"]');
    await page.waitForSelector('[data-testid="executive-page"]');
    if (await picker.count()) await picker.selectOption(DEF);
    await page.waitForFunction((label) => document.querySelector('[data-testid="exec-report"]')?.getAttribute('data-period') === label, PERIOD.label, { timeout: 60_000 });
    const readyMs = Date.now() - t0;
    expect(report.period.label).toBe(PERIOD.label);
    const revenue = allKpis(report).find((k) => k.id === 'revenue_total')!;
    expect(revenue.value).toBeGreaterThan(0);
    for (const k of allKpis(report)) {
      const shown = await page.locator(`[data-testid="kpi-${k.id}"] [data-testid="kpi-value"]`).first().textContent();
      // The value in its unit; a figure without a source yet reads "pending", a missing one "no data" (never 0).
      expect(shown, k.id).toBe(kpiFigureText(k, report.coverage));
    }
    expect(errors).toEqual([]);
    console.log(`e2e executive: ${PERIOD.label} revenue ${formatKpiValue(revenue.value, 'fen')}, ARPU ${formatKpiValue(allKpis(report).find((k) => k.id === 'arpu')!.value, 'fen')}; page ready in ${readyMs} ms`);
  }, 120_000);

  it('the PDF from /reports/render.pdf has the same figures, page numbers and the data-as-of stamp', async () => {
    const t0 = Date.now();
    const res = await fetch(`${app!.base}/reports/render.pdf?def=${DEF}&period=${PERIOD.label}`, { headers: { authorization: basic } });
    const ms = Date.now() - t0;
    expect(res.status, await res.clone().text().then((t) => t.slice(0, 300))).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${DEF}-${PERIOD.label}.pdf"`);
    const pages = await pdfPageTexts(new Uint8Array(await res.arrayBuffer()));
    const all = pages.join('\n');
    for (const k of allKpis(report)) expect(all, k.id).toContain(kpiFigureText(k, report.coverage));
    pages.forEach((text, i) => expect(text).toContain(`Page ${i + 1} of ${pages.length}`));
    expect(pages[0]).toContain(`Data as of ${formatStampUtc(report.dataAsOfMs)}`);
    expect(pages[0]).toContain(`${report.definition.title} · ${PERIOD.label}`);
    console.log(`e2e executive: PDF ${pages.length} pages rendered and served in ${ms} ms`);

    // Unauthenticated and bad requests.
    expect((await fetch(`${app!.base}/reports/render.pdf?def=${DEF}&period=${PERIOD.label}`)).status).toBe(401);
    const bad = await fetch(`${app!.base}/reports/render.pdf?def=${DEF}&period=2026-W60`, { headers: { authorization: basic } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/ISO weeks/);
    expect((await fetch(`${app!.base}/reports/render.pdf?def=nope&period=${PERIOD.label}`, { headers: { authorization: basic } })).status).toBe(404);
  }, 120_000);

  it('`npm run report` asks the running server and writes the same PDF figures; bad input writes nothing', async () => {
    const out = path.join(tmp, 'weekly.pdf');
    const env = { OPSDECK_URL: app!.base, OPSDECK_ADMIN_PASSWORD: app!.adminPassword };
    const r = await runCli(['--def', 'reports/weekly-exec.yaml', '--period', PERIOD.label, '--out', out], env);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { out: string; bytes: number; pages: number; ms: number };
    expect(summary.out).toBe(out);
    const bytes = await readFile(out);
    expect(summary.bytes).toBe(bytes.byteLength);
    const pages = await pdfPageTexts(new Uint8Array(bytes));
    expect(summary.pages).toBe(pages.length);
    for (const k of allKpis(report)) expect(pages.join('\n'), k.id).toContain(kpiFigureText(k, report.coverage));
    console.log(`e2e executive: CLI ${JSON.stringify(summary)}`);

    const badDef = path.join(tmp, 'bad.yaml');
    await writeFile(badDef, 'id: bad\ntitle: Bad\naudience: x\nperiod: week\nsections:\n  - id: revenue\n    kpis: [no_such_kpi]\n');
    const [badPeriod, badDefRun] = await Promise.all([
      runCli(['--def', 'reports/weekly-exec.yaml', '--period', '2026-02-30', '--out', path.join(tmp, 'bad.pdf')], env),
      runCli(['--def', badDef, '--period', PERIOD.label, '--out', path.join(tmp, 'bad.pdf')], env),
    ]);
    expect(badPeriod.code).not.toBe(0);
    expect(badPeriod.stderr).toMatch(/not a real date/);
    expect(badDefRun.code).not.toBe(0);
    expect(badDefRun.stderr).toMatch(/bad\.yaml:\d+:\d+: .*no_such_kpi/);
    expect(existsSync(path.join(tmp, 'bad.pdf'))).toBe(false);
  }, 120_000);

  it('a scoped executive gets a PDF of their scope only, equal to their own page figures', async () => {
    const password = 'scoped-exec-password-1';
    await app!.trpc.admin.createUser.mutate({ username: 'e2e-exec-east', displayName: 'East exec', password, roles: ['exec'], scope: { regions: ['East'], provinces: [] } });
    const auth = `Basic ${Buffer.from(`e2e-exec-east:${password}`).toString('base64')}`;
    const scoped = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${app!.base}/trpc`, headers: { authorization: auth } })] }) as unknown as ExecutiveQueries;
    const mine = await scoped.executive.report.query({ definitionId: DEF, period: PERIOD.label });
    const revenue = (r: ExecReport) => allKpis(r).find((k) => k.id === 'revenue_total')!.value!;
    expect(mine.scope).toMatch(/East/);
    expect(revenue(mine)).toBeLessThan(revenue(report));
    const res = await fetch(`${app!.base}/reports/render.pdf?def=${DEF}&period=${PERIOD.label}`, { headers: { authorization: auth } });
    expect(res.status).toBe(200);
    const text = (await pdfPageTexts(new Uint8Array(await res.arrayBuffer()))).join('\n');
    expect(text).toContain(formatKpiValue(revenue(mine), 'fen'));
    expect(text).not.toContain(formatKpiValue(revenue(report), 'fen'));
    expect(text).toContain(mine.scope);
  }, 60_000);

  it('a table as CSV has the same rows as the server computation, money in RMB', async () => {
    const table = tableOf(report, 'arpu_by_tier');
    const res = await fetch(`${app!.base}/reports/table.csv?def=${DEF}&period=${PERIOD.label}&table=arpu_by_tier`, { headers: { authorization: basic } });
    expect(res.status).toBe(200);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header!.length).toBe(table.columns.length);
    expect(rows.length).toBe(table.rows.length);
    expect(rows.length).toBeGreaterThan(0);
    rows.forEach((cells, i) => table.columns.forEach((c, j) => {
      const v = table.rows[i]![c.key];
      if (v === null || v === undefined) expect(cells[j]).toBe('');
      else if (c.unit === 'text') expect(cells[j]).toBe(String(v));
      // RMB with exactly 2 decimals: back to fen it is the server's figure rounded once to whole fen.
      else if (c.unit === 'fen') { expect(cells[j]).toMatch(/^-?\d+\.\d{2}$/); expect(Math.round(Number(cells[j]) * 100)).toBe(Math.round(Number(v))); }
      else expect(Number(cells[j])).toBeCloseTo(Number(v), 2);
    }));
  }, 60_000);
});
