// `npm run bench`: measures the spine (server, live stream, browser) next to a JSON + plain-JS baseline on the
// same data in the same run, plus the per-feature suites (revenue explorer, NOC assurance, NOC map); prints one
// JSON object per line and writes them to bench/results/latest.jsonl.
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { round3, timingRecords, type BenchLine, type BenchRecord } from './benchRecord.js';
import { DEFAULT_LAKE, ensureBenchLake, lakeSizeFor, type LakeSize } from './benchLakes.js';
import { parseBenchArgs, type BenchOptions } from './benchOptions.js';
import { launchBenchBrowser, runBrowserStream, runFirstChart, runSizeInBrowser, type BenchBrowser } from './browserSuite.js';
import { buildAppClient, buildBenchPage } from './buildBundles.js';
import { measureLiveStream, streamRecords, type StreamSample } from './liveSuite.js';
import { startBenchServer, type BenchServer } from './serverProcess.js';
import { runServerSuite } from './serverSuite.js';
import { runRevenueSuite } from './revenueSuite.js';
import { runNocAssuranceSuite } from './nocAssuranceSuite.js';
import { runNocMapSuite } from './nocMapSuite.js';
import { runExecutiveSuite } from './executiveSuite.js';
import { runHealthzSuite } from './healthzLoad.js';
import { prepareRuleTick } from '../pipelines/rules/ruleTickBench.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const mib = (b: number) => round3(b / 2 ** 20);
/** A frozen simulator: the data stays exactly the lake for the whole measurement. */
const FROZEN_SIM = { OPSDECK_SIM_SPEED: '0.000001' };
// Accelerated so generation, not the client, is the limit (a simulated day every ~15 s wall).
const LIVE_SIM = { OPSDECK_SIM_SPEED: '6000', OPSDECK_SIM_TICK_MS: '250' };

/** After a renderer or browser crash, start from a clean browser so later suites measure normally. */
async function relaunchBrowser(bb: BenchBrowser): Promise<BenchBrowser> {
  await bb.close().catch(() => undefined);
  return launchBenchBrowser();
}

async function main(): Promise<void> {
  const o: BenchOptions = parseBenchArgs(process.argv.slice(2), repoRoot);
  const lines: BenchLine[] = [];
  const emit = (l: BenchLine | BenchLine[]) => {
    for (const x of Array.isArray(l) ? l : [l]) { lines.push(x); process.stdout.write(`${JSON.stringify(x)}\n`); }
  };
  const needBrowser = o.only.has('first-chart') || o.only.has('browser') || o.only.has('live') || o.only.has('executive');
  const machine = { startedAt: new Date().toISOString(), node: process.version, quick: o.quick };
  log(`options: rows ${o.rows.join(',')} suites ${[...o.only].join(',')} reps ${o.reps}${o.quick ? ' (quick)' : ''}`);

  // The "default lake" is npm start's; quick mode swaps in the smallest size so the test stays fast.
  const defaultSize: LakeSize = o.quick ? lakeSizeFor(Math.min(...o.rows)) : DEFAULT_LAKE;
  const runDir = path.join(repoRoot, '.tmp/bench-run');
  await mkdir(runDir, { recursive: true });
  let clientDir = path.join(repoRoot, 'dist/client');
  let pageDir = path.join(repoRoot, '.tmp/bench-page');
  if (needBrowser) {
    const t0 = performance.now();
    clientDir = await buildAppClient(repoRoot);
    pageDir = await buildBenchPage(repoRoot);
    log(`client + bench page built in ${Math.round(performance.now() - t0)} ms`);
  }
  let bb: BenchBrowser | null = null;
  const servers: BenchServer[] = [];
  const serverFor = async (lakeDir: string, env: Record<string, string>) => {
    const s = await startBenchServer({ repoRoot, lakeDir, port: o.port, clientDir, pageDir, env });
    servers.push(s);
    return s;
  };
  const stopServer = async (s: BenchServer) => { await s.stop(); servers.splice(servers.indexOf(s), 1); };
  /** Servers that stream write live rows into their lake: give them a throwaway copy of the cached one. */
  const scratchCopy = async (dir: string, name: string) => {
    const dst = path.join(runDir, name);
    await rm(dst, { recursive: true, force: true });
    await cp(dir, dst, { recursive: true });
    return dst;
  };

  try {
    if (needBrowser) bb = await launchBenchBrowser();

    if (o.only.has('server')) {
      for (const size of o.rows) {
        const lake = await ensureBenchLake(repoRoot, lakeSizeFor(size), undefined, log);
        log(`server suite at ${size} rows`);
        emit(await runServerSuite(lake.dir, size, o.reps));
      }
    }

    if (o.only.has('live')) {
      const lake = await ensureBenchLake(repoRoot, defaultSize, undefined, log);
      const dir = await scratchCopy(lake.dir, 'live-lake');
      const server = await serverFor(dir, LIVE_SIM);
      const ctx = { lake: `${defaultSize.sites} sites, ${defaultSize.accounts} accounts`, simSpeed: Number(LIVE_SIM.OPSDECK_SIM_SPEED) };
      log('live stream (ws client)');
      const samples: StreamSample[] = [];
      const session = await server.session();
      for (let r = 0; r < o.reps; r++) samples.push(await measureLiveStream(server.base, session.cookieHeader, o.streamSeconds, o.quick ? 0.2 : 1));
      emit(streamRecords('server.live_stream', samples, ctx));
      if (bb) {
        log('live stream into DuckDB-WASM (browser)');
        const res = await runBrowserStream(bb, server.base, session, o.streamSeconds, Math.max(1, Math.min(o.reps, 3)));
        emit(streamRecords('e2e.stream_into_duckdb', res.map((x) => ({ rows: x.rowsApplied, frames: 0, seconds: x.seconds, resyncs: x.resyncs })), ctx));
      }
      emit({ name: 'memory.server.live.peak_rss', value: mib(server.peakRss()), unit: 'MiB', ...ctx });
      await stopServer(server);
      await rm(dir, { recursive: true, force: true });
    }

    if (o.only.has('first-chart') && bb) {
      const lake = await ensureBenchLake(repoRoot, defaultSize, undefined, log);
      const dir = await scratchCopy(lake.dir, 'first-chart-lake');
      const server = await serverFor(dir, {});
      log('time to first chart (spine page)');
      const ctx = { lake: `${defaultSize.sites} sites, ${defaultSize.accounts} accounts, ${defaultSize.days} days`, rows: (lake.manifest.rows.kpi ?? 0) + (lake.manifest.rows.usage ?? 0) };
      emit(await runFirstChart(bb, server.base, await server.session(), o.reps, ctx));
      emit({ name: 'memory.server.first_chart.peak_rss', value: mib(server.peakRss()), unit: 'MiB', ...ctx });
      await stopServer(server);
      await rm(dir, { recursive: true, force: true });
    }

    if (o.only.has('browser') && bb) {
      for (const size of o.rows) {
        const lake = await ensureBenchLake(repoRoot, lakeSizeFor(size), undefined, log);
        log(`browser ingest + queries at ${size} rows (${lake.manifest.rows.kpi} kpi, ${lake.manifest.rows.usage} usage)`);
        const server = await serverFor(lake.dir, FROZEN_SIM);
        try {
          emit(await runSizeInBrowser(bb, server.base, await server.session(), lake.manifest, size, o.reps, log));
        } catch (err) {
          // A size the tab cannot hold (wasm memory, renderer crash) is a result to report, not a reason to lose the run.
          const msg = err instanceof Error ? err.message.split('\n')[0]! : String(err);
          log(`browser suite failed at ${size} rows: ${msg}`);
          emit({ name: `browser.size_${size}`, skipped: `failed: ${msg}` });
          emit({ name: 'memory.browser.failed.peak_rss', value: mib(bb.rss.take()), unit: 'MiB', size, note: 'all Chromium processes, up to the failure' });
          bb = await relaunchBrowser(bb);
        }
        emit({ name: 'memory.server.peak_rss', value: mib(server.peakRss()), unit: 'MiB', rows: (lake.manifest.rows.kpi ?? 0) + (lake.manifest.rows.usage ?? 0), size,
          note: 'serving Arrow and JSON snapshots of the lake (hot window: last 24 h)' });
        await stopServer(server);
      }
    }

    if (o.only.has('revenue')) {
      const lake = await ensureBenchLake(repoRoot, defaultSize, undefined, log);
      log('revenue explorer (rating + interaction queries, DuckDB node)');
      emit(await runRevenueSuite({ lakeDir: lake.dir, rounds: o.quick ? 1 : Math.max(o.reps, 20) }));
    }

    if (o.only.has('noc-assurance')) {
      const lake = await ensureBenchLake(repoRoot, defaultSize, undefined, log);
      log('NOC assurance (server TS path) and sites to fix');
      emit(await runNocAssuranceSuite({ lakeDir: lake.dir }));
    }

    if (o.only.has('noc-map')) {
      // 2,000 sites as in the product target; quick mode only proves the suite runs.
      log('NOC map (deck.gl in headless Chromium, SwiftShader)');
      emit(await runNocMapSuite(o.quick ? { sites: 200, seconds: 1, warmupFrames: 5 } : { sites: 2000, seconds: 15 }));
    }

    if (o.only.has('executive') && bb) {
      // The default lake, and with --executive-big the product's target size (generated once, cached).
      const sizes: LakeSize[] = [defaultSize, ...(o.executiveBig ? [{ sites: 2000, accounts: 200_000, days: 30, seed: 42 }] : [])];
      for (const size of sizes) {
        const lake = await ensureBenchLake(repoRoot, size, undefined, log);
        const server = await serverFor(lake.dir, FROZEN_SIM);
        log(`executive page and PDF at ${size.sites} sites, ${size.accounts} accounts, ${size.days} days`);
        try {
          emit(await runExecutiveSuite({ bb, server, reps: o.quick ? 1 : Math.max(3, Math.min(o.reps, 5)), extra: { lake: `${size.sites} sites, ${size.accounts} accounts, ${size.days} days` } }));
        } catch (err) {
          const msg = err instanceof Error ? err.message.split('\n')[0]! : String(err);
          log(`executive suite failed: ${msg}`);
          emit({ name: `executive.s${size.sites}`, skipped: `failed: ${msg}` });
        }
        await stopServer(server);
      }
    }

    if (o.only.has('healthz')) {
      // /healthz latency idle and under load on npm start's lake and simulator; re-rating every 5 s so it is always in play.
      const lake = await ensureBenchLake(repoRoot, defaultSize, undefined, log);
      const dir = await scratchCopy(lake.dir, 'healthz-lake');
      const server = await serverFor(dir, { OPSDECK_REVENUE_REFRESH_MS: '5000' });
      const load = o.quick ? { warmupSeconds: 1, seconds: 2, clients: 4, snapshots: 2 } : { warmupSeconds: 60, seconds: 30, clients: 200, snapshots: 50 };
      log(`healthz latency: ${load.warmupSeconds} s start-up, ${load.seconds} s idle, ${load.seconds} s with ${load.clients} live clients, ${load.snapshots} snapshot loops, ingest and re-rating`);
      emit(await runHealthzSuite({ server, ...load, ingestBatch: 1000, ingestEveryMs: 200,
        dryRunRulesFile: path.join(repoRoot, 'pipelines/rules/default/00-latency-early-warning.yaml'),
        extra: { lake: `${defaultSize.sites} sites, ${defaultSize.accounts} accounts, ${defaultSize.days} days` } }));
      await stopServer(server);
      await rm(dir, { recursive: true, force: true });
      await rm(`${dir}-state.duckdb`, { force: true });
    }

    if (o.only.has('rules')) {
      // One detector + default-rules tick over synthetic sites (the seam issue 5 ships); 10k sites is the design target.
      const sites = o.quick ? 200 : 10_000;
      const bench = await prepareRuleTick(sites);
      log(`rule tick at ${sites} sites (${bench.rules} rules)`);
      bench.tick(); // warm-up
      const samples: number[] = [];
      let alerts = 0;
      for (let r = 0; r < Math.max(o.reps, o.quick ? 1 : 20); r++) {
        const t0 = performance.now();
        alerts = bench.tick();
        samples.push(performance.now() - t0);
      }
      emit(timingRecords('rule_tick', samples, { sites, rules: bench.rules, alerts, note: 'adds one KPI minute per site, detector features, rule evaluation' }));
    }

  } finally {
    for (const s of [...servers]) await s.stop().catch(() => undefined);
    await bb?.close().catch(() => undefined);
  }
  await mkdir(path.dirname(o.out), { recursive: true });
  const header: BenchRecord = { name: 'bench.run', value: lines.length, unit: 'lines', ...machine };
  await writeFile(o.out, [header, ...lines].map((l) => JSON.stringify(l)).join('\n') + '\n');
  log(`wrote ${lines.length} lines to ${path.relative(repoRoot, o.out)}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
