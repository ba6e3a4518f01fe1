// SMD dataset loading: tiny gzip files in a temp dir, clear errors for malformed ones, and the real machine-2-7 when present.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { listSmdMachines, loadSmdMachine, resolveSmdDir } from '../../pipelines/evaluate/smd/smdDataset.js';

const HEADER = ['minute', ...Array.from({ length: 38 }, (_, i) => `m${i}`)].join(',');
/** Row `minute` where metric k holds k/100 + minute/1000, so every cell is distinct and checkable. */
const row = (minute: number, cells = 38) => [minute, ...Array.from({ length: cells }, (_, k) => (k / 100 + minute / 1000).toFixed(6))].join(',');
const csv = (lines: string[]) => gzipSync(Buffer.from([HEADER, ...lines].join('\n') + '\n'));

const tmp = mkdtempSync(path.join(os.tmpdir(), 'opsdeck-smd-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function writeMachine(dir: string, name: string, test: Buffer, labels = 'start_minute,end_minute,dimensions\n1,2,1;38\n'): void {
  writeFileSync(path.join(dir, `${name}.train.csv.gz`), csv([0, 1, 2, 3].map((m) => row(m))));
  writeFileSync(path.join(dir, `${name}.test.csv.gz`), test);
  writeFileSync(path.join(dir, `${name}.labels.csv`), labels);
}

describe('SMD dataset', () => {
  it('lists machines in numeric order and loads columns and 0-based segments', async () => {
    const dir = mkdtempSync(path.join(tmp, 'ok-'));
    writeMachine(dir, 'machine-1-10', csv([0, 1, 2].map((m) => row(m))));
    writeMachine(dir, 'machine-1-2', csv([0, 1, 2].map((m) => row(m))));
    expect(await listSmdMachines(dir)).toEqual(['machine-1-2', 'machine-1-10']);
    const { machine, segments } = await loadSmdMachine(dir, 'machine-1-2');
    expect([machine.trainRows, machine.testRows, machine.train.length, machine.test.length]).toEqual([4, 3, 38, 38]);
    expect(machine.metricNames[37]).toBe('m37');
    expect(Array.from(machine.test[5]!)).toEqual([0.05, 0.051, 0.052].map(Math.fround));
    expect(machine.train[0]![3]).toBe(Math.fround(0.003));
    expect(segments).toEqual([{ startMinute: 1, endMinute: 2, dimensions: [0, 37] }]);
    expect('segments' in machine).toBe(false); // the detector's view carries no labels
  });

  it('a malformed file fails with its name and line', async () => {
    const dir = mkdtempSync(path.join(tmp, 'bad-'));
    writeMachine(dir, 'machine-9-1', csv([row(0), row(1), row(2, 37)]));
    await expect(loadSmdMachine(dir, 'machine-9-1')).rejects.toThrow(/machine-9-1\.test\.csv\.gz: line 4: expected 39 fields, got 38/);
    writeMachine(dir, 'machine-9-2', csv([row(0), row(2)]));
    await expect(loadSmdMachine(dir, 'machine-9-2')).rejects.toThrow(/machine-9-2\.test\.csv\.gz: line 3: minute 2 where 1 was expected/);
    writeMachine(dir, 'machine-9-3', csv([row(0), row(1).replace(',0.011000,', ',,')]));
    await expect(loadSmdMachine(dir, 'machine-9-3')).rejects.toThrow(/line 3: field 3 \(""\) is not a number/);
    writeMachine(dir, 'machine-9-4', Buffer.from('not gzip'));
    await expect(loadSmdMachine(dir, 'machine-9-4')).rejects.toThrow(/machine-9-4\.test\.csv\.gz: not a valid gzip file/);
    writeMachine(dir, 'machine-9-5', csv([row(0), row(1)]), 'start_minute,end_minute,dimensions\n0,5,1\n');
    await expect(loadSmdMachine(dir, 'machine-9-5')).rejects.toThrow(/machine-9-5\.labels\.csv: line 2: end 5 is past the test file's last minute 1/);
    writeMachine(dir, 'machine-9-6', csv([row(0), row(1)]), 'start_minute,end_minute,dimensions\n0,1,39\n');
    await expect(loadSmdMachine(dir, 'machine-9-6')).rejects.toThrow(/labels\.csv: line 2: dimension "39" is not in 1\.\.38/);
  });

  it('a missing folder names where it looked', () => {
    const gone = path.join(tmp, 'nowhere');
    expect(() => resolveSmdDir(gone)).toThrow(`SMD data folder not found: ${gone} (from --data)`);
    expect(() => resolveSmdDir(undefined, { OPSDECK_SMD_DIR: gone })).toThrow(`SMD data folder not found: ${gone} (from $OPSDECK_SMD_DIR)`);
    expect(resolveSmdDir(tmp, { OPSDECK_SMD_DIR: gone })).toBe(tmp); // --data wins over the environment
  });
});

const REAL_DIR = fileURLToPath(new URL('../../../shared/data/smd', import.meta.url));
const haveReal = existsSync(path.join(REAL_DIR, 'machine-2-7.test.csv.gz'));
if (!haveReal) console.log(`skipping the real SMD machine-2-7 check: ${REAL_DIR} is absent`);

describe.skipIf(!haveReal)('real SMD machine-2-7', () => {
  it('matches the README table: 23,696 train and test rows, 20 segments, 417 anomalous minutes', async () => {
    const { machine, segments } = await loadSmdMachine(REAL_DIR, 'machine-2-7');
    expect([machine.trainRows, machine.testRows]).toEqual([23_696, 23_696]);
    expect(machine.test.every((c) => c.length === 23_696)).toBe(true);
    expect(segments.length).toBe(20);
    expect(segments.reduce((n, s) => n + s.endMinute - s.startMinute + 1, 0)).toBe(417);
    expect(segments.filter((s) => s.endMinute - s.startMinute + 1 <= 5).length).toBe(16);
  });
});
