// Maintenance windows in the state store (DuckDB file embedded, PostgreSQL in production): one row per window.
import type { MaintenanceWindow } from '../../schema/maintenance.js';
import type { SqlDriver, SqlParam } from './sqlDriver.js';

/** Portable DDL: the same statement runs on DuckDB and PostgreSQL. */
export const MAINTENANCE_STORE_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS opsdeck_maintenance (
    window_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, cron VARCHAR, duration_minutes INTEGER NOT NULL,
    time_zone VARCHAR NOT NULL, matchers VARCHAR NOT NULL, enabled BOOLEAN NOT NULL, comment VARCHAR NOT NULL,
    created_by VARCHAR NOT NULL, created_at BIGINT NOT NULL, updated_by VARCHAR NOT NULL, updated_at BIGINT NOT NULL,
    starts_ms BIGINT, ends_ms BIGINT)`,
];

const COLS = [
  'window_id', 'name', 'cron', 'duration_minutes', 'time_zone', 'matchers', 'enabled', 'comment',
  'created_by', 'created_at', 'updated_by', 'updated_at', 'starts_ms', 'ends_ms',
] as const;

function toRow(w: MaintenanceWindow): SqlParam[] {
  return [
    w.id, w.name, w.cron, w.durationMinutes, w.timeZone, JSON.stringify(w.matchers), w.enabled, w.comment,
    w.createdBy, w.createdAtMs, w.updatedBy, w.updatedAtMs, w.startsMs, w.endsMs,
  ];
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function fromRow(r: Record<string, unknown>): MaintenanceWindow {
  return {
    id: String(r.window_id), name: String(r.name), cron: (r.cron as string | null) ?? null, durationMinutes: Number(r.duration_minutes),
    timeZone: String(r.time_zone), matchers: JSON.parse(String(r.matchers)) as Record<string, string>, enabled: r.enabled === true,
    comment: String(r.comment), createdBy: String(r.created_by), createdAtMs: Number(r.created_at),
    updatedBy: String(r.updated_by), updatedAtMs: Number(r.updated_at), startsMs: num(r.starts_ms), endsMs: num(r.ends_ms),
  };
}

export class MaintenanceStore {
  constructor(readonly db: SqlDriver) {}

  async init(): Promise<void> { for (const s of MAINTENANCE_STORE_DDL) await this.db.exec(s); }

  async list(): Promise<MaintenanceWindow[]> {
    return (await this.db.query(`SELECT ${COLS.join(', ')} FROM opsdeck_maintenance ORDER BY created_at, window_id`)).map(fromRow);
  }

  async get(id: string): Promise<MaintenanceWindow | null> {
    const r = await this.db.query(`SELECT ${COLS.join(', ')} FROM opsdeck_maintenance WHERE window_id = $1`, [id]);
    return r[0] ? fromRow(r[0]) : null;
  }

  /** Inserts the window or replaces the row of the same id. */
  async save(w: MaintenanceWindow): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.exec('DELETE FROM opsdeck_maintenance WHERE window_id = $1', [w.id]);
      await tx.exec(`INSERT INTO opsdeck_maintenance (${COLS.join(', ')}) VALUES (${COLS.map((_, i) => `$${i + 1}`).join(', ')})`, toRow(w));
    });
  }

  async setEnabled(id: string, enabled: boolean, by: string, nowMs: number): Promise<boolean> {
    return (await this.db.exec('UPDATE opsdeck_maintenance SET enabled = $2, updated_by = $3, updated_at = $4 WHERE window_id = $1',
      [id, enabled, by, nowMs])) > 0;
  }

  async remove(id: string): Promise<boolean> {
    return (await this.db.exec('DELETE FROM opsdeck_maintenance WHERE window_id = $1', [id])) > 0;
  }
}
