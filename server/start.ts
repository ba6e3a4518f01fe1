// `npm start`: load configuration, start the embedded product, print the URL, shut down cleanly.
import { loadConfig } from './config.js';
import { startServer } from './startServer.js';

async function main(): Promise<void> {
  const t0 = Date.now();
  const server = await startServer(loadConfig());
  process.stdout.write(`OpsDeck listening on ${server.url} (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down: flushing live events to the lake');
    server.close().then(() => process.exit(0), (err: unknown) => { console.error(err); process.exit(1); });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`OpsDeck failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
