// Vite build of the browser client: root client/, output dist/client, React, ES-module workers, API proxy for dev.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const repoRoot = path.dirname(fileURLToPath(import.meta.url));
const serverDir = path.join(repoRoot, 'server') + path.sep;
const apiTarget = process.env.OPSDECK_API ?? 'http://localhost:8080';

/**
 * The client may only see server code as types (`import type { AppRouter }`), which the TS
 * transform erases. Anything that still resolves into server/ is a value import that would drag
 * fastify and DuckDB-node into the bundle, so fail the build loudly instead.
 */
function forbidServerRuntimeImports(): Plugin {
  return {
    name: 'opsdeck-forbid-server-runtime-imports',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || importer.includes('node_modules')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (resolved && path.resolve(resolved.id.split('?')[0] ?? '').startsWith(serverDir)) {
        throw new Error(`client imports server runtime code: ${source} (from ${importer}); use \`import type\``);
      }
      return resolved;
    },
  };
}

export default defineConfig({
  root: path.join(repoRoot, 'client'),
  publicDir: false,
  plugins: [forbidServerRuntimeImports(), react()],
  worker: { format: 'es' },
  build: {
    outDir: path.join(repoRoot, 'dist/client'),
    emptyOutDir: true,
    target: 'es2022',
    // DuckDB's wasm (~30 MB) is a separate asset; the JS chunks stay small.
    chunkSizeWarningLimit: 1500,
  },
  // duckdb-wasm ships prebuilt workers and wasm; pre-bundling would rewrite their URLs.
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  server: {
    fs: { allow: [repoRoot] },
    proxy: {
      '/trpc': apiTarget,
      '/data': apiTarget,
      '/healthz': apiTarget,
      '/auth': apiTarget,
      '/admin': apiTarget,
      '/live': { target: apiTarget.replace(/^http/, 'ws'), ws: true },
    },
  },
});
