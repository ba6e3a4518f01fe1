// Loads report definitions (reports/*.yaml) with validation: every problem names file, line, column and field, and a
// file with any problem loads nothing (never half a report) while the other files still load.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import {
  KPI_BY_ID, PERIOD_KINDS, REPORT_SECTIONS, REPORT_TABLES,
  type KpiId, type ReportDefinition, type ReportSectionId, type ReportTableId,
} from '../../schema/executive.js';
import { webhookUrlProblem } from '../heal/webhookAllowlist.js';
import { canonicalTimeZone, everFires, parseCron, type CronProblem } from '../../domain/schedule/cronSchedule.js';

/** The shipped report definitions (reports/ at the repository root). */
export const DEFAULT_REPORTS_DIR = fileURLToPath(new URL('../../reports', import.meta.url));
const REPO_ROOT = path.dirname(DEFAULT_REPORTS_DIR);
/** Files in the reports directory that are not report definitions. */
const NOT_DEFINITIONS = new Set(['targets.yaml', 'targets.yml']);

/** One thing wrong with a report file, positioned like a compiler error (`file:line:column`). */
export interface ReportProblem { source: string; line: number; column: number; field: string; definitionId: string | null; message: string }

export interface ReportLoadResult { definitions: ReportDefinition[]; problems: ReportProblem[] }

export interface ReportLoadOptions {
  /** Hosts webhook targets may reach (OPSDECK_WEBHOOK_ALLOWLIST). */
  webhookAllowlist: readonly string[];
}

export function formatReportProblem(p: ReportProblem): string {
  return `${p.source}:${p.line}:${p.column}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}

const ID_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const TOP_KEYS = ['id', 'title', 'audience', 'period', 'sections', 'schedule', 'deliver'];
const SECTION_KEYS = ['id', 'title', 'kpis', 'tables'];
const SCHEDULE_KEYS = ['cron', 'timezone'];
const SCHEDULED_KINDS = PERIOD_KINDS.filter((k) => k !== 'custom');
const SECTION_TITLES: Record<ReportSectionId, string> = { revenue: 'Revenue', experience: 'Experience', autonomy: 'Autonomy' };

/** Parses one report file's text; `source` is how problems name the file. */
export function parseReportYaml(text: string, source: string, o: ReportLoadOptions): { definition: ReportDefinition | null; problems: ReportProblem[] } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const problems: ReportProblem[] = [];
  let definitionId: string | null = null;
  const at = (offset: number | undefined) => {
    if (offset === undefined) return { line: 1, column: 1 };
    const { line, col } = lc.linePos(offset);
    return { line, column: col };
  };
  const add = (node: Node | null | undefined, field: string, message: string, within = 0) => {
    const start = node?.range?.[0];
    problems.push({ source, ...at(start === undefined ? undefined : start + within), field, definitionId, message });
  };
  if (doc.errors.length) {
    for (const e of doc.errors) problems.push({ source, ...at(e.pos[0]), field: '', definitionId, message: `YAML syntax: ${e.message.split('\n')[0]}` });
    return { definition: null, problems };
  }
  const root = doc.contents;
  if (!isMap(root)) { add(root, '', 'a report file is a mapping (id, title, audience, period, sections, schedule, deliver)'); return { definition: null, problems }; }

  /** Unknown keys of a mapping, each reported at the key itself. */
  const checkKeys = (map: Node, known: readonly string[], prefix: string) => {
    if (!isMap(map)) return;
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (!known.includes(key)) add(pair.key as Node, `${prefix}${key}`, `unknown field (known: ${known.join(', ')})`);
    }
  };
  const get = (map: Node, key: string): Node | undefined => (isMap(map) ? (map.get(key, true) as Node | undefined) : undefined);
  const text_ = (map: Node, key: string, field: string, required: boolean): string | null => {
    const n = get(map, key);
    if (n === undefined || (isScalar(n) && n.value === null)) { if (required) add(map, field, 'required'); return null; }
    if (!isScalar(n) || typeof n.value !== 'string' || !n.value.trim()) { add(n, field, 'must be non-empty text'); return null; }
    return n.value;
  };

  checkKeys(root, TOP_KEYS, '');
  const id = text_(root, 'id', 'id', true);
  if (id !== null) {
    if (ID_RE.test(id)) definitionId = id;
    else add(get(root, 'id'), 'id', 'lower-case letters, digits, - and _ (max 64)');
  }
  const title = text_(root, 'title', 'title', true);
  const audience = text_(root, 'audience', 'audience', true);
  const periodText = text_(root, 'period', 'period', true);
  const period = SCHEDULED_KINDS.find((k) => k === periodText) ?? null;
  if (periodText !== null && period === null) add(get(root, 'period'), 'period', `must be one of ${SCHEDULED_KINDS.join(', ')}`);

  const sections: ReportDefinition['sections'] = [];
  const sectionsNode = get(root, 'sections');
  if (!isSeq(sectionsNode) || sectionsNode.items.length === 0) add(sectionsNode ?? root, 'sections', 'required: a non-empty list of sections');
  else {
    const seenSections = new Set<string>();
    sectionsNode.items.forEach((item, i) => {
      const f = `sections[${i}]`;
      const s = item as Node;
      if (!isMap(s)) { add(s, f, 'a section is a mapping (id, title, kpis, tables)'); return; }
      checkKeys(s, SECTION_KEYS, `${f}.`);
      const sid = text_(s, 'id', `${f}.id`, true);
      if (sid === null) return;
      if (!(REPORT_SECTIONS as readonly string[]).includes(sid)) { add(get(s, 'id'), `${f}.id`, `unknown section (known: ${REPORT_SECTIONS.join(', ')})`); return; }
      const section = sid as ReportSectionId;
      if (seenSections.has(section)) add(get(s, 'id'), `${f}.id`, 'section already listed in this report');
      seenSections.add(section);
      const kpis = idList(s, 'kpis', f, true, (v) => {
        const spec = KPI_BY_ID.get(v);
        if (!spec) return 'unknown KPI id';
        return spec.section === section ? null : `KPI belongs to section '${spec.section}', not '${section}'`;
      }) as KpiId[];
      const tables = idList(s, 'tables', f, false, (v) => {
        const spec = (REPORT_TABLES as Record<string, { section: ReportSectionId } | undefined>)[v];
        if (!spec) return `unknown table id (known: ${Object.keys(REPORT_TABLES).join(', ')})`;
        return spec.section === section ? null : `table belongs to section '${spec.section}', not '${section}'`;
      }) as ReportTableId[];
      sections.push({ id: section, title: text_(s, 'title', `${f}.title`, false) ?? SECTION_TITLES[section], kpis, tables });
    });
  }

  /** A list of ids under `key`; each bad or repeated entry is reported at the entry. */
  function idList(s: Node, key: string, f: string, required: boolean, check: (v: string) => string | null): string[] {
    const n = get(s, key);
    if (n === undefined) { if (required) add(s, `${f}.${key}`, 'required: a non-empty list'); return []; }
    if (!isSeq(n) || (required && n.items.length === 0)) { add(n, `${f}.${key}`, required ? 'must be a non-empty list' : 'must be a list'); return []; }
    const out: string[] = [];
    n.items.forEach((item, j) => {
      const v = isScalar(item) ? String(item.value) : null;
      const why = v === null ? 'must be an id' : out.includes(v) ? 'listed twice' : check(v);
      if (why) add(item as Node, `${f}.${key}[${j}]`, v === null ? why : `'${v}': ${why}`);
      else out.push(v!);
    });
    return out;
  }

  let schedule: ReportDefinition['schedule'] = null;
  const sched = get(root, 'schedule');
  if (sched !== undefined && !(isScalar(sched) && sched.value === null)) {
    if (!isMap(sched)) add(sched, 'schedule', 'must be a mapping with cron and timezone (or null for on-demand only)');
    else {
      checkKeys(sched, SCHEDULE_KEYS, 'schedule.');
      const cron = text_(sched, 'cron', 'schedule.cron', true);
      const timezone = text_(sched, 'timezone', 'schedule.timezone', true);
      const parsed = cron === null ? null : parseCron(cron);
      if (cron !== null && parsed?.ok === false) {
        const n = get(sched, 'cron');
        const quote = isScalar(n) && (n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE') ? 1 : 0;
        // A problem with the expression as a whole (field count, macro) is shown at its start, one in a field at the part.
        const within = parsed.error.field === null ? 0 : parsed.error.position;
        add(n, 'schedule.cron', `${cronProblemText(cron, parsed.error)} (cron is: minute hour day-of-month month day-of-week)`, quote + within);
      }
      const tzOk = timezone !== null && canonicalTimeZone(timezone) !== null;
      if (timezone !== null && !tzOk) add(get(sched, 'timezone'), 'schedule.timezone', "unknown IANA time zone (e.g. 'Asia/Shanghai', 'UTC')");
      if (parsed?.ok && tzOk) {
        // A well-formed expression can still never fire (e.g. 30 February).
        if (!everFires(parsed.schedule)) add(get(sched, 'cron'), 'schedule.cron', 'never fires (no such date)');
        else schedule = { cron: cron!, timezone: timezone! };
      }
    }
  }

  const deliver: ReportDefinition['deliver'] = [];
  const dn = get(root, 'deliver');
  if (dn !== undefined && !(isScalar(dn) && dn.value === null)) {
    if (!isSeq(dn)) add(dn, 'deliver', 'must be a list of targets (- webhook: https://...)');
    else dn.items.forEach((item, i) => {
      const f = `deliver[${i}]`;
      const t = item as Node;
      if (!isMap(t)) { add(t, f, 'a target is a mapping (webhook: https://...)'); return; }
      checkKeys(t, ['webhook'], `${f}.`);
      const url = text_(t, 'webhook', `${f}.webhook`, true);
      if (url === null) return;
      const why = webhookUrlProblem(url, o.webhookAllowlist);
      if (why) add(get(t, 'webhook'), `${f}.webhook`, why);
      else if (deliver.some((d) => d.webhook === url)) add(get(t, 'webhook'), `${f}.webhook`, 'target listed twice');
      else deliver.push({ webhook: url });
    });
  }
  if (deliver.length && !schedule && !problems.length) {
    const key = root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'deliver')?.key as Node | undefined;
    add(key, 'deliver', 'delivery targets need a schedule (only scheduled renderings are delivered)');
  }

  if (problems.length) return { definition: null, problems };
  return {
    definition: { id: definitionId!, title: title!, audience: audience!, source, period: period!, sections, schedule, deliver },
    problems,
  };
}

/** `month field "13": 13 is outside 1-12`: the field and its text, since the problem's column already points into it. */
function cronProblemText(cron: string, p: CronProblem): string {
  if (p.field === null) return p.message;
  const fieldText = [...cron.matchAll(/\S+/g)].find((m) => m.index <= p.position && p.position < m.index + m[0].length)?.[0];
  return `${p.field} field${fieldText === undefined ? '' : ` "${fieldText}"`}: ${p.message}`;
}

/** The file name as the report's footer and errors show it: relative to the repository root when inside it. */
function sourceName(file: string): string {
  const rel = path.relative(REPO_ROOT, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/** Loads every report definition in a directory (sorted; targets.yaml skipped); problems are collected, never thrown. */
export async function loadReportDefinitions(dir: string, o: ReportLoadOptions): Promise<ReportLoadResult> {
  const out: ReportLoadResult = { definitions: [], problems: [] };
  let files: string[];
  try { files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f) && !NOT_DEFINITIONS.has(f)).sort(); } catch (e) {
    out.problems.push({ source: dir, line: 1, column: 1, field: '', definitionId: null, message: `cannot read the reports directory: ${(e as Error).message}` });
    return out;
  }
  const firstSource = new Map<string, string>();
  for (const f of files) {
    const full = path.join(dir, f);
    const source = sourceName(full);
    const text = await readFile(full, 'utf8');
    const r = parseReportYaml(text, source, o);
    out.problems.push(...r.problems);
    const def = r.definition;
    if (!def) continue;
    const earlier = firstSource.get(def.id);
    if (earlier) {
      const idLine = lineOfKey(text, 'id');
      out.problems.push({ source, line: idLine, column: 1, field: 'id', definitionId: def.id, message: `report id already defined in ${earlier}; this file is ignored` });
      continue;
    }
    firstSource.set(def.id, source);
    out.definitions.push(def);
  }
  return out;
}

/** Line of a top-level key (for problems found after parsing, such as an id repeated across files). */
function lineOfKey(text: string, key: string): number {
  const i = text.split('\n').findIndex((l) => l.startsWith(`${key}:`));
  return i < 0 ? 1 : i + 1;
}
