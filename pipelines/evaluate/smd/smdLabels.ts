// Parses an SMD labels.csv (`start_minute,end_minute,dimensions`) into 0-based segments, checked against the test length.
import { SmdDataError } from './smdCsv.js';
import { SMD_METRIC_COUNT, type SmdSegment } from './smdTypes.js';

const HEADER = 'start_minute,end_minute,dimensions';
const INT = /^\d+$/;

/** Segments must be ascending, disjoint and inside [0, testRows): scoring relies on that. */
export function parseSmdLabels(text: string, file: string, testRows: number): SmdSegment[] {
  const fail = (line: number, msg: string): never => { throw new SmdDataError(`${file}: line ${line}: ${msg}`); };
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines[0] !== HEADER) fail(1, `expected header "${HEADER}", got "${(lines[0] ?? '').slice(0, 80)}"`);
  const out: SmdSegment[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = i + 1;
    const f = lines[i]!.split(',');
    if (f.length !== 3) fail(line, `expected 3 fields, got ${f.length}`);
    const [s, e, dims] = f as [string, string, string];
    if (!INT.test(s) || !INT.test(e)) fail(line, `start "${s}" and end "${e}" must be whole minutes`);
    const startMinute = Number(s), endMinute = Number(e);
    if (endMinute < startMinute) fail(line, `end ${endMinute} is before start ${startMinute}`);
    if (endMinute >= testRows) fail(line, `end ${endMinute} is past the test file's last minute ${testRows - 1}`);
    const prev = out[out.length - 1];
    if (prev && startMinute <= prev.endMinute) fail(line, `segment ${startMinute}-${endMinute} overlaps or precedes ${prev.startMinute}-${prev.endMinute}`);
    const dimensions = dims === '' ? [] : dims.split(';').map((d) => {
      const n = INT.test(d) ? Number(d) : NaN;
      if (!(n >= 1 && n <= SMD_METRIC_COUNT)) fail(line, `dimension "${d}" is not in 1..${SMD_METRIC_COUNT}`);
      return n - 1;
    });
    out.push({ startMinute, endMinute, dimensions });
  }
  return out;
}
