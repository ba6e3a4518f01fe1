// `npm run report`: renders one report definition file for one period to PDF, HTML or CSV. A running server is asked
// first (it holds the state store's lock); otherwise the runtime starts in this process on the embedded lake with no
// sources. Output is written to a temp file and renamed, so a failure never leaves half a file.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { DomainError } from '../../schema/domainErrors.js';
import type { ExecReport, ReportDefinition } from '../../schema/executive.js';
import { formatReportProblem, parseReportYaml } from '../../pipelines/reports/reportDefinition.js';
import { openEventModel } from '../../pipelines/simulator/eventModel.js';
import { loadConfig, type ServerConfig } from '../config.js';
import { ensureLake } from '../ensureLake.js';
import { startRuntime } from '../runtime.js';
import { DataScope } from '../identity/dataScope.js';
import { PdfRenderer } from './pdfRenderer.js';
import { countPdfPages } from './printTemplates.js';
import { findReportTable, tableCsv } from './reportCsv.js';
import { assertPeriodStarted, REPORT_PATHS } from './reportRoutes.js';
import { parseReportCliArgs, REPORT_USAGE, UsageError, type ReportCliArgs } from './reportCliArgs.js';

/** A failure the CLI explains in one message (no stack): bad definition, unknown table, server refusal. */
class ReportCliError extends Error {}

interface Rendered { bytes: Uint8Array; pages: number | null; via: string }

const say = (msg: string) => process.stderr.write(`[report] ${msg}\n`);
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function loadDefinition(file: string, allowlist: readonly string[]): Promise<ReportDefinition> {
  let text: string;
  try { text = await readFile(file, 'utf8'); } catch (e) { throw new ReportCliError(`--def: cannot read ${file}: ${(e as Error).message}`); }
  const rel = path.relative(process.cwd(), file);
  const r = parseReportYaml(text, rel.startsWith('..') ? file : rel, { webhookAllowlist: allowlist });
  if (!r.definition || r.problems.length) {
    throw new ReportCliError(`report definition has problems:\n${r.problems.map((p) => `  ${formatReportProblem(p)}`).join('\n')}`);
  }
  return r.definition;
}

/** The server to ask: OPSDECK_URL, else this machine's default port; `explicit` when the user named it. */
function serverUrl(env: NodeJS.ProcessEnv): { url: string; explicit: boolean } {
  if (env.OPSDECK_URL) return { url: env.OPSDECK_URL.replace(/\/+$/, ''), explicit: true };
  return { url: `http://127.0.0.1:${env.PORT || '8080'}`, explicit: false };
}

async function reachable(url: string): Promise<boolean> {
  try { return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1500) })).ok; } catch { return false; }
}

function authorization(env: NodeJS.ProcessEnv, url: string): string {
  if (env.OPSDECK_TOKEN) return `Bearer ${env.OPSDECK_TOKEN}`;
  if (env.OPSDECK_ADMIN_PASSWORD) return `Basic ${Buffer.from(`admin:${env.OPSDECK_ADMIN_PASSWORD}`).toString('base64')}`;
  throw new ReportCliError(`a server answers at ${url}: set OPSDECK_TOKEN (an API token) or OPSDECK_ADMIN_PASSWORD to ask it, or stop it and run again (or pass --local with another OPSDECK_STATE)`);
}

async function renderViaServer(url: string, a: ReportCliArgs, def: ReportDefinition): Promise<Rendered> {
  const q = new URLSearchParams({ def: def.id, period: a.period.label, ...(a.table ? { table: a.table } : {}) });
  const route = a.format === 'csv' ? REPORT_PATHS.csv : a.format === 'html' ? REPORT_PATHS.html : REPORT_PATHS.pdf;
  const res = await fetch(`${url}${route}?${q}`, { headers: { authorization: authorization(process.env, url) }, signal: AbortSignal.timeout(180_000) });
  if (!res.ok) {
    const body = await res.text();
    let msg = body.slice(0, 500);
    try { msg = (JSON.parse(body) as { error?: string }).error ?? msg; } catch { /* not JSON */ }
    const hint = res.status === 404 && /unknown report definition/.test(msg) ? ` (the server loads its definitions from its own reports directory; ${a.defFile} must be among them)` : '';
    throw new ReportCliError(`the server at ${url} answered ${res.status}: ${msg}${hint}`);
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  const pages = a.format === 'pdf' ? Number(res.headers.get('x-report-pages')) || countPdfPages(bytes) : null;
  return { bytes, pages, via: url };
}

/** Builds the client into `dir` (the print route renders the PDF) when it is not there yet. */
async function ensureClient(dir: string): Promise<void> {
  if (existsSync(path.join(dir, 'index.html'))) return;
  say(`no client build in ${dir}: building it (once)`);
  await new Promise<void>((resolve, reject) => {
    const p = spawn('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', dir, '--emptyOutDir'], {
      cwd: REPO_ROOT, stdio: ['ignore', process.stderr, process.stderr], env: { ...process.env, NODE_ENV: 'production' },
    });
    p.once('error', reject);
    p.once('exit', (code) => (code === 0 ? resolve() : reject(new ReportCliError(`building the client failed (vite exited ${code})`))));
  });
}

async function renderInProcess(cfg: ServerConfig, a: ReportCliArgs, def: ReportDefinition): Promise<Rendered> {
  await ensureLake(cfg.lakeDir, cfg.defaultLake, say);
  // Logs go to stderr: stdout carries the one-line summary.
  const log = pino({ level: cfg.logLevel === 'info' ? 'warn' : cfg.logLevel }, pino.destination(2));
  let rt: Awaited<ReturnType<typeof startRuntime>>;
  try {
    rt = await startRuntime({
      lakeDir: cfg.lakeDir, hotHours: cfg.hotHours, simSpeed: cfg.simSpeed, simTickMs: cfg.simTickMs, flushIntervalMs: 3_600_000,
      revenueRefreshMs: 3_600_000, simulator: false, nats: null, openGenerator: (_dir, manifest) => openEventModel(manifest), log,
      state: cfg.state, identity: cfg.identity, automation: cfg.automation,
      // No renderer: this process must not run the server's report schedule.
      reports: { ...cfg.reports, renderer: null },
    });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new ReportCliError(/lock/i.test(msg)
      ? `the state store ${cfg.state.path} is locked, probably by a running server: set OPSDECK_URL (and OPSDECK_TOKEN) to ask it (${msg})`
      : `cannot start the runtime: ${msg}`);
  }
  const renderer = new PdfRenderer({ clientDir: cfg.clientDir, log });
  try {
    assertPeriodStarted(a.period, rt.clock.now());
    const report: ExecReport = await rt.executive.report(def, a.period, DataScope.ALL);
    if (a.format === 'csv') {
      findReportTable(report, a.table!);
      return { bytes: new TextEncoder().encode(tableCsv(report, a.table!)), pages: null, via: 'in-process' };
    }
    await ensureClient(cfg.clientDir);
    if (a.format === 'html') return { bytes: new TextEncoder().encode(await renderer.renderHtml(report)), pages: null, via: 'in-process' };
    const pdf = await renderer.renderPdfWithInfo(report);
    return { bytes: pdf.bytes, pages: pdf.pages, via: 'in-process' };
  } finally {
    await renderer.close();
    await rt.close();
  }
}

/** Temp file beside the target, then rename: readers see the old file or the whole new one. */
async function writeAtomically(out: string, bytes: Uint8Array): Promise<void> {
  await mkdir(path.dirname(out), { recursive: true });
  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, out);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

async function main(): Promise<number> {
  const t0 = performance.now();
  let a: ReportCliArgs;
  try { a = parseReportCliArgs(process.argv.slice(2)); } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`report: ${e.message}\n${REPORT_USAGE}\n`); return 2; }
    throw e;
  }
  const cfg = loadConfig();
  const def = await loadDefinition(a.defFile, cfg.reports.webhookAllowlist);
  if (a.table && !def.sections.some((s) => (s.tables as readonly string[]).includes(a.table!))) {
    throw new ReportCliError(`--table: report '${def.id}' has no table '${a.table}' (its tables: ${def.sections.flatMap((s) => s.tables).join(', ') || 'none'})`);
  }
  const server = serverUrl(process.env);
  let rendered: Rendered;
  if (!a.local && await reachable(server.url)) rendered = await renderViaServer(server.url, a, def);
  else if (server.explicit && !a.local) throw new ReportCliError(`OPSDECK_URL ${server.url} does not answer (unset it to render in this process)`);
  else rendered = await renderInProcess(cfg, a, def);
  await writeAtomically(a.out, rendered.bytes);
  process.stdout.write(`${JSON.stringify({
    out: a.out, format: a.format, bytes: rendered.bytes.byteLength, pages: rendered.pages, ms: Math.round(performance.now() - t0),
    definition: def.id, period: a.period.label, ...(a.table ? { table: a.table } : {}), via: rendered.via,
  })}\n`);
  return 0;
}

main().then((code) => process.exit(code), (err: unknown) => {
  // Expected failures (bad definition, impossible period, unknown table, refused request) read as one message.
  const expected = err instanceof ReportCliError || err instanceof DomainError || err instanceof RangeError;
  process.stderr.write(`report failed: ${err instanceof Error ? (expected ? err.message : err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
