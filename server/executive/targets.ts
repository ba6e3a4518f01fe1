// KPI targets from a versioned YAML file (reports/targets.yaml), validated with file:line:column errors, and RAG judging.
import { readFile } from 'node:fs/promises';
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { KPI_BY_ID, PERIOD_KINDS, type KpiSpec, type KpiTarget, type PeriodKind, type Rag } from '../../schema/executive.js';

export interface KpiTargets {
  version: string;
  source: string;
  /** The target of each KPI for any period kind without an override. */
  byKpi: ReadonlyMap<string, KpiTarget>;
  /** Per-kind values (totals grow with the period's length: a month's revenue is not a week's). */
  byKind?: ReadonlyMap<string, Partial<Record<PeriodKind, number>>>;
}

/** The target a KPI has for periods of `kind`. */
export function targetFor(t: KpiTargets, kpiId: string, kind: PeriodKind): KpiTarget | null {
  const base = t.byKpi.get(kpiId);
  if (!base) return null;
  const v = t.byKind?.get(kpiId)?.[kind];
  return v === undefined ? base : { value: v, amberWithin: base.amberWithin };
}

export interface TargetProblem { source: string; line: number; column: number; field: string; message: string }

export class TargetsError extends Error {
  constructor(readonly problems: readonly TargetProblem[]) {
    super(problems.map((p) => `${p.source}:${p.line}:${p.column}: ${p.field ? `${p.field}: ` : ''}${p.message}`).join('\n'));
    this.name = 'TargetsError';
  }
}

/** Parses the targets file text; every problem is collected, then thrown together (nothing half-loaded). */
export function parseTargets(text: string, source: string): KpiTargets {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const problems: TargetProblem[] = [];
  const at = (node: Node | null | undefined, field: string, message: string) => {
    const p = node?.range ? lc.linePos(node.range[0]) : { line: 1, col: 1 };
    problems.push({ source, line: p.line, column: p.col, field, message });
  };
  for (const e of doc.errors) {
    const p = lc.linePos(e.pos[0]);
    problems.push({ source, line: p.line, column: p.col, field: '', message: `YAML syntax: ${e.message.split('\n')[0]}` });
  }
  if (problems.length) throw new TargetsError(problems);
  const root = doc.contents;
  if (!isMap(root)) throw new TargetsError([{ source, line: 1, column: 1, field: '', message: 'must be a mapping with version and targets' }]);
  for (const item of root.items) {
    const key = isScalar(item.key) ? String(item.key.value) : '';
    if (key !== 'version' && key !== 'targets') at(item.key as Node, key, 'unknown key (expected version, targets)');
  }
  const versionNode = root.get('version', true) as Node | undefined;
  const version = isScalar(versionNode) ? String(versionNode.value ?? '').trim() : '';
  if (!version) at(versionNode ?? root, 'version', 'a non-empty version string is required');
  const targetsNode = root.get('targets', true) as Node | undefined;
  const byKpi = new Map<string, KpiTarget>();
  const byKind = new Map<string, Partial<Record<PeriodKind, number>>>();
  if (!isMap(targetsNode)) at(targetsNode ?? root, 'targets', 'must be a mapping of KPI id -> { target, amber_within }');
  else {
    for (const item of targetsNode.items) {
      const id = isScalar(item.key) ? String(item.key.value) : '';
      const field = `targets.${id}`;
      if (!KPI_BY_ID.has(id)) { at(item.key as Node, field, `unknown KPI id (known: ${[...KPI_BY_ID.keys()].join(', ')})`); continue; }
      const v = item.value as Node | null;
      if (!isMap(v)) { at(v ?? (item.key as Node), field, 'must be a mapping { target, amber_within }'); continue; }
      for (const kv of v.items) {
        const k = isScalar(kv.key) ? String(kv.key.value) : '';
        if (k !== 'target' && k !== 'amber_within' && k !== 'per_period') at(kv.key as Node, `${field}.${k}`, 'unknown key (expected target, amber_within, per_period)');
      }
      const per = v.get('per_period', true) as Node | undefined;
      if (per !== undefined) {
        if (!isMap(per)) at(per, `${field}.per_period`, `must map period kinds (${PERIOD_KINDS.join(', ')}) to targets`);
        else {
          const kinds: Partial<Record<PeriodKind, number>> = {};
          for (const kv of per.items) {
            const kind = isScalar(kv.key) ? String(kv.key.value) : '';
            const n = numberAt(kv.value as Node | undefined);
            if (!(PERIOD_KINDS as readonly string[]).includes(kind)) at(kv.key as Node, `${field}.per_period.${kind}`, `unknown period kind (expected ${PERIOD_KINDS.join(', ')})`);
            else if (n === null) at((kv.value as Node | null) ?? (kv.key as Node), `${field}.per_period.${kind}`, 'a finite number is required');
            else kinds[kind as PeriodKind] = n;
          }
          byKind.set(id, kinds);
        }
      }
      const target = numberAt(v.get('target', true) as Node | undefined);
      const amber = numberAt(v.get('amber_within', true) as Node | undefined);
      if (target === null) at(v.get('target', true) as Node | undefined ?? v, `${field}.target`, 'a finite number is required');
      if (amber === null || amber < 0 || amber > 1) at(v.get('amber_within', true) as Node | undefined ?? v, `${field}.amber_within`, 'a share between 0 and 1 is required (0.05 = 5 %)');
      if (target !== null && amber !== null && amber >= 0 && amber <= 1) byKpi.set(id, { value: target, amberWithin: amber });
    }
  }
  if (problems.length) throw new TargetsError(problems);
  return { version, source, byKpi, byKind };
}

function numberAt(n: Node | undefined): number | null {
  return isScalar(n) && typeof n.value === 'number' && Number.isFinite(n.value) ? n.value : null;
}

export async function loadTargets(file: string, source = file): Promise<KpiTargets> {
  return parseTargets(await readFile(file, 'utf8'), source);
}

/** Green when the target is met in the KPI's good direction, amber when missed by at most amberWithin x |target|, red beyond. */
export function ragOf(spec: Pick<KpiSpec, 'better'>, value: number | null, target: KpiTarget | null): Rag {
  if (value === null || target === null) return 'none';
  const miss = spec.better === 'up' ? target.value - value : value - target.value;
  if (miss <= 0) return 'green';
  return miss <= target.amberWithin * Math.abs(target.value) ? 'amber' : 'red';
}

export const NO_TARGETS: KpiTargets = { version: 'none', source: '', byKpi: new Map() };

/** Start-up load: a broken targets file is logged (file:line) and the report runs without targets, never half of them. */
export async function loadTargetsOrNone(file: string, log: { error(o: object, m: string): void }): Promise<KpiTargets> {
  try { return await loadTargets(file); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return NO_TARGETS;
    log.error({ file }, `KPI targets not loaded: ${e instanceof Error ? e.message : String(e)}`);
    return NO_TARGETS;
  }
}
