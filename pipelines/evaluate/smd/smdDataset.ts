// Finds the SMD folder, lists its machines and loads one machine's train/test columns and labelled segments.
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { parseSmdMetricsCsv, SmdDataError } from './smdCsv.js';
import { parseSmdLabels } from './smdLabels.js';
import type { SmdMachine, SmdSegment } from './smdTypes.js';

export const SMD_DIR_ENV = 'OPSDECK_SMD_DIR';
const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const gunzipAsync = promisify(gunzip);

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** `--data DIR` wins over $OPSDECK_SMD_DIR; without either, `../shared/data/smd` beside the project root, then beside the cwd. */
export function resolveSmdDir(explicit?: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const given = explicit ? { dir: path.resolve(cwd, explicit), from: '--data' } : env[SMD_DIR_ENV] ? { dir: path.resolve(cwd, env[SMD_DIR_ENV]), from: `$${SMD_DIR_ENV}` } : null;
  // An explicit folder that is missing is an error, not a reason to quietly evaluate some other copy.
  if (given) {
    if (!isDir(given.dir)) throw new SmdDataError(`SMD data folder not found: ${given.dir} (from ${given.from})`);
    return given.dir;
  }
  const tried = [...new Set([path.resolve(PROJECT_ROOT, '../shared/data/smd'), path.resolve(cwd, '../shared/data/smd')])];
  const found = tried.find(isDir);
  if (!found) throw new SmdDataError(`SMD data folder not found; looked in ${tried.join(' and ')} (pass --data DIR or set ${SMD_DIR_ENV})`);
  return found;
}

const MACHINE_FILE = /^(machine-(\d+)-(\d+))\.test\.csv\.gz$/;

/** Machines with a test file, in numeric order (machine-1-6 before machine-1-10). */
export async function listSmdMachines(dir: string): Promise<string[]> {
  const found = (await readdir(dir)).map((f) => MACHINE_FILE.exec(f)).filter((m) => m !== null);
  found.sort((a, b) => Number(a[2]) - Number(b[2]) || Number(a[3]) - Number(b[3]));
  return found.map((m) => m[1]!);
}

async function readText(file: string, gzipped: boolean): Promise<string> {
  let bytes: Buffer;
  try { bytes = await readFile(file); } catch (e) {
    throw new SmdDataError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (!gzipped) return bytes.toString('utf8');
  try { return (await gunzipAsync(bytes)).toString('utf8'); } catch (e) {
    throw new SmdDataError(`${file}: not a valid gzip file (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** The machine's data and, separately, its labels, so the evaluator can hand the detector the data alone. */
export async function loadSmdMachine(dir: string, name: string): Promise<{ machine: SmdMachine; segments: SmdSegment[] }> {
  const file = (kind: string) => path.join(dir, `${name}.${kind}`);
  const [trainText, testText, labelText] = await Promise.all([
    readText(file('train.csv.gz'), true), readText(file('test.csv.gz'), true), readText(file('labels.csv'), false),
  ]);
  const train = parseSmdMetricsCsv(trainText, file('train.csv.gz'));
  const test = parseSmdMetricsCsv(testText, file('test.csv.gz'));
  const segments = parseSmdLabels(labelText, file('labels.csv'), test.rows);
  return {
    machine: { name, metricNames: test.metricNames, trainRows: train.rows, testRows: test.rows, train: train.columns, test: test.columns },
    segments,
  };
}
