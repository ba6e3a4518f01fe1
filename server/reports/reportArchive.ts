// The report-run archive: runs and their webhook deliveries in the state store (DuckDB file or PostgreSQL, same SQL),
// rendered PDFs as files in the archive directory, each written under a temporary name and renamed into place.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Scope } from '../../schema/access.js';
import type { ReportRunInfo, ReportRunState } from '../../schema/executive.js';
import type { SqlDriver, SqlParam } from '../../pipelines/heal/sqlDriver.js';

/** Portable DDL: the same statements run on DuckDB and PostgreSQL. */
export const REPORT_ARCHIVE_DDL: readonly string[] = [
  'CREATE SEQUENCE IF NOT EXISTS opsdeck_report_run_seq START 1',
  // schedule_key is "definition|period" for scheduled runs (NULL for manual ones): its uniqueness is what makes a
  // scheduled period render once, across restarts and replicas.
  `CREATE TABLE IF NOT EXISTS opsdeck_report_run (
    run_id BIGINT PRIMARY KEY, definition_id VARCHAR NOT NULL, period_label VARCHAR NOT NULL, trigger VARCHAR NOT NULL,
    schedule_key VARCHAR UNIQUE, scope VARCHAR, requested_by VARCHAR NOT NULL, state VARCHAR NOT NULL, attempts INTEGER NOT NULL,
    created_at BIGINT NOT NULL, finished_at BIGINT, pdf_file VARCHAR, pdf_bytes BIGINT, last_error VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS opsdeck_report_delivery (
    run_id BIGINT NOT NULL, target VARCHAR NOT NULL, state VARCHAR NOT NULL, attempts INTEGER NOT NULL,
    last_error VARCHAR, at_ms BIGINT, PRIMARY KEY (run_id, target))`,
  // When each schedule last fired: a restart catches up a fire it missed while down, and only that.
  `CREATE TABLE IF NOT EXISTS opsdeck_report_schedule (
    definition_id VARCHAR PRIMARY KEY, last_fire_at BIGINT NOT NULL)`,
];

/** A run as the scheduler works on it: the public info plus whose scope it was computed for. */
export interface ArchivedRun extends ReportRunInfo {
  /** The data scope the report was computed for; null = unrestricted (every scheduled run). */
  scope: Scope | null;
  requestedBy: string;
}

export interface NewRun {
  definitionId: string;
  periodLabel: string;
  trigger: 'schedule' | 'manual';
  scope: Scope | null;
  requestedBy: string;
  targets: readonly string[];
  atMs: number;
}

export interface RunFilter { definitionId?: string | undefined; limit?: number | undefined; states?: readonly ReportRunState[] | undefined }

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const scheduleKey = (definitionId: string, periodLabel: string) => `${definitionId}|${periodLabel}`;

export class ReportArchive {
  constructor(private readonly db: SqlDriver, readonly dir: string) {}

  async init(): Promise<void> {
    for (const s of REPORT_ARCHIVE_DDL) await this.db.exec(s);
    await mkdir(this.dir, { recursive: true });
  }

  /**
   * Creates a run (and a pending delivery per target). A scheduled run for a (definition, period) that already has
   * one returns null: the unique schedule key decides, here or on another replica.
   */
  async create(r: NewRun): Promise<ArchivedRun | null> {
    const idRow = await this.db.query<{ id: unknown }>("SELECT nextval('opsdeck_report_run_seq') AS id");
    const runId = Number(idRow[0]!.id);
    const key = r.trigger === 'schedule' ? scheduleKey(r.definitionId, r.periodLabel) : null;
    const created = await this.db.transaction(async (tx) => {
      const n = await tx.exec(`INSERT INTO opsdeck_report_run (run_id, definition_id, period_label, trigger, schedule_key, scope, requested_by,
        state, attempts, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,'pending',0,$8) ON CONFLICT DO NOTHING`,
      [runId, r.definitionId, r.periodLabel, r.trigger, key, r.scope ? JSON.stringify(r.scope) : null, r.requestedBy, r.atMs]);
      if (n === 0) return false;
      for (const target of r.targets) {
        await tx.exec("INSERT INTO opsdeck_report_delivery (run_id, target, state, attempts) VALUES ($1,$2,'pending',0)", [runId, target]);
      }
      return true;
    });
    return created ? this.get(runId) : null;
  }

  async get(runId: number): Promise<ArchivedRun | null> {
    const rows = await this.db.query('SELECT * FROM opsdeck_report_run WHERE run_id = $1', [runId]);
    if (!rows.length) return null;
    return (await this.withDeliveries(rows))[0]!;
  }

  /** Newest first. */
  async list(f: RunFilter = {}): Promise<ArchivedRun[]> {
    const where: string[] = [];
    const params: SqlParam[] = [];
    if (f.definitionId) { params.push(f.definitionId); where.push(`definition_id = $${params.length}`); }
    if (f.states?.length) where.push(`state IN (${f.states.map((s) => { params.push(s); return `$${params.length}`; }).join(', ')})`);
    const limit = Math.max(1, Math.min(f.limit ?? 200, 10_000));
    const rows = await this.db.query(`SELECT * FROM opsdeck_report_run ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY created_at DESC, run_id DESC LIMIT ${limit}`, params);
    return this.withDeliveries(rows);
  }

  private async withDeliveries(rows: Record<string, unknown>[]): Promise<ArchivedRun[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => Number(r.run_id));
    const deliveries = await this.db.query(`SELECT * FROM opsdeck_report_delivery WHERE run_id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')})
      ORDER BY target`, ids);
    return rows.map((r) => ({
      runId: Number(r.run_id), definitionId: String(r.definition_id), periodLabel: String(r.period_label),
      trigger: r.trigger as ReportRunInfo['trigger'], state: r.state as ReportRunState, attempts: Number(r.attempts),
      createdAtMs: Number(r.created_at), finishedAtMs: num(r.finished_at), pdfBytes: num(r.pdf_bytes),
      lastError: (r.last_error as string | null) ?? null,
      deliveries: deliveries.filter((d) => Number(d.run_id) === Number(r.run_id)).map((d) => ({
        target: String(d.target), state: d.state as 'pending' | 'delivered' | 'failed', attempts: Number(d.attempts),
        lastError: (d.last_error as string | null) ?? null, atMs: num(d.at_ms),
      })),
      scope: r.scope ? JSON.parse(String(r.scope)) as Scope : null,
      requestedBy: String(r.requested_by),
    }));
  }

  /** Records one attempt's outcome (state, attempts, last error); `finishedAtMs` when the run is over. */
  async update(runId: number, u: { state: ReportRunState; attempts?: number; lastError?: string | null; finishedAtMs?: number | null }): Promise<void> {
    const sets = ['state = $2'];
    const params: SqlParam[] = [runId, u.state];
    if (u.attempts !== undefined) { params.push(u.attempts); sets.push(`attempts = $${params.length}`); }
    if (u.lastError !== undefined) { params.push(u.lastError); sets.push(`last_error = $${params.length}`); }
    if (u.finishedAtMs !== undefined) { params.push(u.finishedAtMs); sets.push(`finished_at = $${params.length}`); }
    await this.db.exec(`UPDATE opsdeck_report_run SET ${sets.join(', ')} WHERE run_id = $1`, params);
  }

  async updateDelivery(runId: number, target: string, d: { state: 'pending' | 'delivered' | 'failed'; attempts: number; lastError: string | null; atMs: number }): Promise<void> {
    await this.db.exec('UPDATE opsdeck_report_delivery SET state = $3, attempts = $4, last_error = $5, at_ms = $6 WHERE run_id = $1 AND target = $2',
      [runId, target, d.state, d.attempts, d.lastError, d.atMs]);
  }

  /**
   * Archives a run's PDF: written to a temporary name, renamed into place, and only then recorded on the run
   * (with its next state), so a crash leaves either no PDF or a whole one, never a run pointing at half a file.
   */
  async storePdf(runId: number, pdf: Uint8Array, next: { state: ReportRunState; finishedAtMs: number | null }): Promise<void> {
    const file = `${runId}.pdf`;
    const tmp = path.join(this.dir, `.${file}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(tmp, pdf, { flush: true });
      await rename(tmp, path.join(this.dir, file));
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    // last_error is kept: a run that succeeded on a retry still shows why the earlier attempt failed.
    await this.db.exec('UPDATE opsdeck_report_run SET pdf_file = $2, pdf_bytes = $3, state = $4, finished_at = $5 WHERE run_id = $1',
      [runId, file, pdf.byteLength, next.state, next.finishedAtMs]);
  }

  /** The archived PDF of a run, or null when the run has none (yet). */
  async pdf(runId: number): Promise<Uint8Array | null> {
    const rows = await this.db.query<{ pdf_file: string | null }>('SELECT pdf_file FROM opsdeck_report_run WHERE run_id = $1', [runId]);
    const file = rows[0]?.pdf_file;
    if (!file) return null;
    return new Uint8Array(await readFile(path.join(this.dir, file)));
  }

  async lastFire(definitionId: string): Promise<number | null> {
    const rows = await this.db.query<{ last_fire_at: unknown }>('SELECT last_fire_at FROM opsdeck_report_schedule WHERE definition_id = $1', [definitionId]);
    return rows.length ? Number(rows[0]!.last_fire_at) : null;
  }

  async setLastFire(definitionId: string, atMs: number): Promise<void> {
    await this.db.exec(`INSERT INTO opsdeck_report_schedule (definition_id, last_fire_at) VALUES ($1, $2)
      ON CONFLICT (definition_id) DO UPDATE SET last_fire_at = excluded.last_fire_at`, [definitionId, atMs]);
  }
}
