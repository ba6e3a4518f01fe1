// Production builds the bench serves: the app itself (for time to first chart) and the bench page (same client modules).
import path from 'node:path';
import { build } from 'vite';
import { BENCH_PAGE_PREFIX } from './benchRoutes.js';

export async function buildAppClient(repoRoot: string): Promise<string> {
  await build({ configFile: path.join(repoRoot, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  return path.join(repoRoot, 'dist/client');
}

export async function buildBenchPage(repoRoot: string): Promise<string> {
  const outDir = path.join(repoRoot, '.tmp/bench-page');
  await build({
    configFile: false,
    root: path.join(repoRoot, 'bench/browser'),
    base: BENCH_PAGE_PREFIX,
    mode: 'production',
    logLevel: 'warn',
    publicDir: false,
    worker: { format: 'es' },
    // Same reason as the app: duckdb-wasm's worker and wasm URLs must stay as shipped.
    optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4000 },
  });
  return outDir;
}
