// `npm start`'s process: runs the server (server/start.ts) as a child and starts it again when it dies after it
// was up (out of memory, kill -9, a crash), with a growing pause; a server that cannot start at all (bad
// configuration) ends the supervisor with its exit code instead of looping. SIGINT/SIGTERM stop the child
// gracefully (it flushes live events to the lake) and then the supervisor.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'start.ts');
const READY_LINE = /OpsDeck listening on /;
const MIN_PAUSE_MS = 1_000;
const MAX_PAUSE_MS = 30_000;
/** A server that stayed up this long has its restart pause reset. */
const HEALTHY_AFTER_MS = 5 * 60_000;

const log = (msg: string) => process.stderr.write(`[opsdeck supervisor] ${msg}\n`);

let child: ChildProcess | null = null;
let stopping = false;
let pauseMs = MIN_PAUSE_MS;

function run(): void {
  const startedAt = Date.now();
  let ready = false;
  const c = spawn(process.execPath, [...process.execArgv, entry], { stdio: ['ignore', 'pipe', 'inherit'] });
  child = c;
  log(`server started (pid ${c.pid})`);
  // Pass the server's output through unchanged (it prints the URL and a first admin password there).
  let pending = '';
  c.stdout!.on('data', (b: Buffer) => {
    process.stdout.write(b);
    if (ready) return;
    pending = (pending + b.toString()).slice(-4096);
    if (READY_LINE.test(pending)) ready = true;
  });
  c.once('exit', (code, signal) => {
    child = null;
    if (stopping) { process.exit(code ?? 0); }
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    if (!ready) {
      log(`server stopped before it was ready (${how}); not restarting`);
      process.exit(code && code > 0 ? code : 1);
    }
    if (Date.now() - startedAt > HEALTHY_AFTER_MS) pauseMs = MIN_PAUSE_MS;
    log(`server died (${how}) after ${Math.round((Date.now() - startedAt) / 1000)} s; restarting in ${pauseMs / 1000} s`);
    setTimeout(run, pauseMs);
    pauseMs = Math.min(MAX_PAUSE_MS, pauseMs * 2);
  });
}

function stop(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  if (!child) process.exit(0);
  child.kill(signal);
}

process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
run();
