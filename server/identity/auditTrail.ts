// The append-only, hash-chained audit trail: each entry's hash covers its content and the previous hash, so editing,
// deleting or reordering any entry breaks the chain from there on (verify() finds where).
import { createHash } from 'node:crypto';
import type { AuditAction, AuditChainCheck, AuditEntry } from '../../schema/access.js';
import type { SqlDriver, SqlParam } from '../../pipelines/heal/sqlDriver.js';

export const AUDIT_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS opsdeck_audit (
    seq BIGINT PRIMARY KEY, at_ms BIGINT NOT NULL, actor VARCHAR NOT NULL, action VARCHAR NOT NULL, target VARCHAR NOT NULL,
    before_json VARCHAR, after_json VARCHAR, ip VARCHAR, prev_hash VARCHAR NOT NULL, hash VARCHAR NOT NULL)`,
];

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRecord {
  actor: string;
  action: AuditAction;
  target: string;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}

export interface AuditFilter { fromMs?: number | undefined; toMs?: number | undefined; actor?: string | undefined; action?: string | undefined; beforeSeq?: number | undefined; limit?: number | undefined }

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/** The hash of one entry: SHA-256 over the previous hash and the entry's fields in a fixed order. */
export function entryHash(e: Omit<AuditEntry, 'hash' | 'before' | 'after'> & { beforeJson: string | null; afterJson: string | null }): string {
  const canonical = JSON.stringify([e.prevHash, e.seq, e.atMs, e.actor, e.action, e.target, e.beforeJson, e.afterJson, e.ip]);
  return createHash('sha256').update(canonical).digest('hex');
}

function fromRow(r: Record<string, unknown>): AuditEntry {
  return {
    seq: Number(r.seq), atMs: Number(r.at_ms), actor: String(r.actor), action: r.action as AuditAction, target: String(r.target),
    before: r.before_json ? JSON.parse(String(r.before_json)) as unknown : null,
    after: r.after_json ? JSON.parse(String(r.after_json)) as unknown : null,
    ip: (r.ip as string | null) ?? null, prevHash: String(r.prev_hash), hash: String(r.hash),
  };
}

export class AuditTrail {
  /** Appends are serialised in this process; across replicas the seq primary key rejects a second writer, which retries. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: SqlDriver, private readonly now: () => number = Date.now) {}

  async init(): Promise<void> { for (const s of AUDIT_DDL) await this.db.exec(s); }

  append(rec: AuditRecord): Promise<AuditEntry> {
    const run = this.queue.then(() => this.appendWithRetry(rec));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async appendWithRetry(rec: AuditRecord): Promise<AuditEntry> {
    for (let attempt = 0; ; attempt++) {
      try { return await this.appendOnce(rec); } catch (e) {
        const conflict = /duplicate|unique|primary key|conflict/i.test(e instanceof Error ? e.message : String(e));
        if (!conflict || attempt >= 20) throw e;
      }
    }
  }

  private async appendOnce(rec: AuditRecord): Promise<AuditEntry> {
    return this.db.transaction(async (tx) => {
      const [last] = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM opsdeck_audit ORDER BY seq DESC LIMIT 1');
      const seq = last ? Number(last.seq) + 1 : 1;
      const prevHash = last ? String(last.hash) : GENESIS_HASH;
      const beforeJson = json(rec.before);
      const afterJson = json(rec.after);
      const base = { seq, atMs: this.now(), actor: rec.actor, action: rec.action, target: rec.target, ip: rec.ip ?? null, prevHash };
      const hash = entryHash({ ...base, beforeJson, afterJson });
      await tx.exec(
        'INSERT INTO opsdeck_audit (seq, at_ms, actor, action, target, before_json, after_json, ip, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
        [seq, base.atMs, base.actor, base.action, base.target, beforeJson, afterJson, base.ip, prevHash, hash]);
      return { ...base, before: rec.before ?? null, after: rec.after ?? null, hash };
    });
  }

  /** Resolves when every append so far has landed (shutdown). */
  async idle(): Promise<void> { await this.queue.catch(() => undefined); }

  /** Entries matching the filter, newest first. */
  async list(f: AuditFilter = {}): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: SqlParam[] = [];
    const add = (sql: string, v: SqlParam) => { params.push(v); where.push(sql.replace('?', `$${params.length}`)); };
    if (f.fromMs !== undefined) add('at_ms >= ?', f.fromMs);
    if (f.toMs !== undefined) add('at_ms < ?', f.toMs);
    if (f.actor) add('actor = ?', f.actor);
    if (f.action) add('action = ?', f.action);
    if (f.beforeSeq !== undefined) add('seq < ?', f.beforeSeq);
    const limit = Math.min(Math.max(1, f.limit ?? 200), 100_000);
    const rows = await this.db.query(
      `SELECT * FROM opsdeck_audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${limit}`, params);
    return rows.map(fromRow);
  }

  /** Re-walks the whole chain from the genesis hash (in pages, so a long trail is not held in memory at once). */
  async verify(): Promise<AuditChainCheck> {
    let prev = GENESIS_HASH;
    let expectSeq = 1;
    let checked = 0;
    for (;;) {
      const rows = await this.db.query('SELECT * FROM opsdeck_audit WHERE seq >= $1 ORDER BY seq LIMIT 5000', [expectSeq]);
      if (!rows.length) break;
      for (const r of rows) {
        const seq = Number(r.seq);
        const bad = (reason: string): AuditChainCheck => ({ ok: false, checked, brokenAtSeq: seq, reason });
        if (seq !== expectSeq) return { ok: false, checked, brokenAtSeq: expectSeq, reason: `entry ${expectSeq} is missing` };
        if (String(r.prev_hash) !== prev) return bad('its previous-hash does not match the entry before it');
        const recomputed = entryHash({
          seq, atMs: Number(r.at_ms), actor: String(r.actor), action: r.action as AuditAction, target: String(r.target),
          ip: (r.ip as string | null) ?? null, prevHash: prev,
          beforeJson: (r.before_json as string | null) ?? null, afterJson: (r.after_json as string | null) ?? null,
        });
        if (recomputed !== String(r.hash)) return bad('its content does not match its hash (edited)');
        prev = recomputed;
        expectSeq = seq + 1;
        checked++;
      }
    }
    return { ok: true, checked, brokenAtSeq: null, reason: null };
  }
}
