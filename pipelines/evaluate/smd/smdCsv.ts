// Parses one SMD metric file (`minute,m0..m37`, one row per minute) into column-major Float32Arrays, failing on the line at fault.
import { SMD_METRIC_COUNT } from './smdTypes.js';

export class SmdDataError extends Error {
  override name = 'SmdDataError';
}

export interface SmdColumns { metricNames: string[]; rows: number; columns: Float32Array[] }

const METRIC_NAMES = Array.from({ length: SMD_METRIC_COUNT }, (_, i) => `m${i}`);
const EXPECTED_HEADER = ['minute', ...METRIC_NAMES].join(',');

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n + 1;
}

/** `file` only names the source in errors. Lines are 1-based as an editor shows them (line 1 is the header). */
export function parseSmdMetricsCsv(text: string, file: string): SmdColumns {
  const fail = (line: number, msg: string): never => { throw new SmdDataError(`${file}: line ${line}: ${msg}`); };
  let eol = text.indexOf('\n');
  const header = (eol < 0 ? text : text.slice(0, eol)).replace(/\r$/, '');
  if (header !== EXPECTED_HEADER) fail(1, `expected header "minute,m0,...,m${SMD_METRIC_COUNT - 1}", got "${header.slice(0, 80)}"`);
  // Allocated once for the most rows the text can hold, trimmed at the end: no growing arrays of 24k rows x 38.
  const capacity = countLines(text);
  const columns = Array.from({ length: SMD_METRIC_COUNT }, () => new Float32Array(capacity));
  let rows = 0;
  for (let pos = eol < 0 ? text.length : eol + 1; pos < text.length; pos = eol + 1) {
    eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    const line = rows + 2;
    const fields = text.slice(pos, eol).split(',');
    if (fields.length !== SMD_METRIC_COUNT + 1) fail(line, `expected ${SMD_METRIC_COUNT + 1} fields, got ${fields.length}`);
    for (let c = 0; c <= SMD_METRIC_COUNT; c++) {
      const field = fields[c]!;
      // Number('') and Number(' ') are 0: a blank field must fail rather than become a silent zero.
      const v = field.trim() === '' ? NaN : Number(field);
      if (!Number.isFinite(v)) fail(line, `field ${c + 1} ("${field.slice(0, 20)}") is not a number`);
      if (c > 0) columns[c - 1]![rows] = v;
      else if (v !== rows) fail(line, `minute ${field} where ${rows} was expected (minutes must run 0, 1, 2, ... without gaps)`);
    }
    rows++;
  }
  if (rows === 0) fail(2, 'no data rows after the header');
  return { metricNames: [...METRIC_NAMES], rows, columns: columns.map((col) => col.slice(0, rows)) };
}
