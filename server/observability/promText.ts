// A tiny writer of the Prometheus text exposition format 0.0.4: HELP and TYPE per family, escaped labels and values.
export const PROM_TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type MetricType = 'counter' | 'gauge';

export interface MetricSample {
  labels?: Readonly<Record<string, string>>;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: readonly MetricSample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
// Names starting with `__` are reserved for Prometheus itself.
const LABEL_NAME = /^(?!__)[a-zA-Z_][a-zA-Z0-9_]*$/;

const escapeHelp = (s: string) => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabelValue = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Go's ParseFloat spellings of the special values; finite numbers as JavaScript prints them (1e+21 parses too). */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function labelSet(labels: Readonly<Record<string, string>> | undefined, family: string): string {
  const names = Object.keys(labels ?? {}).sort();
  if (!names.length) return '';
  for (const n of names) if (!LABEL_NAME.test(n)) throw new Error(`metric ${family}: invalid label name ${JSON.stringify(n)}`);
  return `{${names.map((n) => `${n}="${escapeLabelValue(labels![n]!)}"`).join(',')}}`;
}

/**
 * The exposition text of `families`, in the given order. A malformed family (bad name, a counter not ending in
 * `_total`, a negative counter, one label set twice) is a programming error and throws: Prometheus would refuse the
 * whole scrape for it anyway.
 */
export function renderPromText(families: readonly MetricFamily[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const f of families) {
    if (!METRIC_NAME.test(f.name)) throw new Error(`invalid metric name ${JSON.stringify(f.name)}`);
    if (seen.has(f.name)) throw new Error(`metric ${f.name} declared twice`);
    seen.add(f.name);
    if (f.type === 'counter' && !f.name.endsWith('_total')) throw new Error(`counter ${f.name} must end in _total`);
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    const sets = new Set<string>();
    for (const s of f.samples) {
      if (f.type === 'counter' && !(s.value >= 0)) throw new Error(`counter ${f.name} has value ${s.value}`);
      const set = labelSet(s.labels, f.name);
      if (sets.has(set)) throw new Error(`metric ${f.name} has label set ${set || '{}'} twice`);
      sets.add(set);
      lines.push(`${f.name}${set} ${formatValue(s.value)}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
