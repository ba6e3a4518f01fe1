// Tickets, their audit trail, silences and API-edited rules in SQL (DuckDB file embedded, PostgreSQL in production).
import { ACTIVE_TICKET_STATES, type SilenceInfo, type Ticket, type TicketDetail, type TicketEvent, type TicketEventKind, type TicketState } from '../../schema/automation.js';
import type { Proposal, Verdict } from '../../schema/autonomy.js';
import type { Severity } from '../../schema/tables.js';
import type { SqlDriver, SqlParam } from './sqlDriver.js';

/** Portable DDL: the same statements run on DuckDB and PostgreSQL. */
export const TICKET_STORE_DDL: readonly string[] = [
  'CREATE SEQUENCE IF NOT EXISTS opsdeck_ticket_seq START 1',
  'CREATE SEQUENCE IF NOT EXISTS opsdeck_ticket_event_seq START 1',
  `CREATE TABLE IF NOT EXISTS opsdeck_ticket (
    ticket_id BIGINT PRIMARY KEY, group_key VARCHAR NOT NULL, rule_id VARCHAR NOT NULL, severity VARCHAR NOT NULL,
    state VARCHAR NOT NULL, title VARCHAR NOT NULL, site_ids VARCHAR NOT NULL, transport_node_id BIGINT, labels VARCHAR NOT NULL,
    runbook VARCHAR, runbook_rule_id VARCHAR, action_params VARCHAR, opened_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
    acted_at BIGINT, action_done BOOLEAN NOT NULL, verify_since BIGINT, closed_at BIGINT, acknowledged_by VARCHAR,
    predicted_breach_at BIGINT, first_breach_at BIGINT, cooldown_until BIGINT, holds_group BOOLEAN NOT NULL)`,
  // Autonomy columns (added after the first release: ADD COLUMN IF NOT EXISTS migrates an older store in place).
  "ALTER TABLE opsdeck_ticket ADD COLUMN IF NOT EXISTS subject VARCHAR",
  'ALTER TABLE opsdeck_ticket ADD COLUMN IF NOT EXISTS autonomy VARCHAR',
  'ALTER TABLE opsdeck_ticket ADD COLUMN IF NOT EXISTS proposal VARCHAR',
  // Money in integer fen as plain columns, so the queue sorts by it in SQL.
  'ALTER TABLE opsdeck_ticket ADD COLUMN IF NOT EXISTS revenue_at_risk_fen_per_hour BIGINT',
  'ALTER TABLE opsdeck_ticket ADD COLUMN IF NOT EXISTS credits_at_stake_fen BIGINT',
  'ALTER TABLE opsdeck_ticket ADD COLUMN IF NOT EXISTS rating_version BIGINT',
  'ALTER TABLE opsdeck_ticket ADD COLUMN IF NOT EXISTS verdict VARCHAR',
  'ALTER TABLE opsdeck_ticket ADD COLUMN IF NOT EXISTS verdict_by VARCHAR',
  'ALTER TABLE opsdeck_ticket ADD COLUMN IF NOT EXISTS folded_into BIGINT',
  `CREATE TABLE IF NOT EXISTS opsdeck_ticket_event (
    event_id BIGINT PRIMARY KEY, ticket_id BIGINT NOT NULL, at_ms BIGINT NOT NULL, kind VARCHAR NOT NULL,
    from_state VARCHAR, to_state VARCHAR, actor VARCHAR NOT NULL, reason VARCHAR NOT NULL, data VARCHAR)`,
  // One row per group key with an open ticket: the primary key is what makes "one open ticket per group" hold across replicas.
  'CREATE TABLE IF NOT EXISTS opsdeck_open_group (group_key VARCHAR PRIMARY KEY, ticket_id BIGINT NOT NULL)',
  `CREATE TABLE IF NOT EXISTS opsdeck_silence (
    silence_id VARCHAR PRIMARY KEY, matchers VARCHAR NOT NULL, starts_ms BIGINT NOT NULL, ends_ms BIGINT NOT NULL,
    created_by VARCHAR NOT NULL, comment VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS opsdeck_rule (
    rule_id VARCHAR PRIMARY KEY, yaml VARCHAR NOT NULL, updated_at BIGINT NOT NULL, updated_by VARCHAR NOT NULL)`,
];

const COLS = [
  'ticket_id', 'group_key', 'rule_id', 'severity', 'state', 'title', 'site_ids', 'transport_node_id', 'labels', 'runbook', 'runbook_rule_id',
  'action_params', 'opened_at', 'updated_at', 'acted_at', 'action_done', 'verify_since', 'closed_at', 'acknowledged_by',
  'predicted_breach_at', 'first_breach_at', 'cooldown_until', 'holds_group',
  'subject', 'autonomy', 'proposal', 'revenue_at_risk_fen_per_hour', 'credits_at_stake_fen', 'rating_version', 'verdict', 'verdict_by', 'folded_into',
] as const;

function toRow(t: Ticket): SqlParam[] {
  return [
    t.ticketId, t.groupKey, t.ruleId, t.severity, t.state, t.title, JSON.stringify(t.siteIds), t.transportNodeId, JSON.stringify(t.labels),
    t.runbook, t.runbookRuleId, t.actionParams ? JSON.stringify(t.actionParams) : null, t.openedAtMs, t.updatedAtMs, t.actedAtMs,
    t.actionDone, t.verifySinceMs, t.closedAtMs, t.acknowledgedBy, t.predictedBreachAtMs, t.firstBreachAtMs, t.cooldownUntilMs, t.holdsGroup,
    t.subject, t.autonomy, t.proposal ? JSON.stringify(t.proposal) : null,
    t.money?.revenueAtRiskFenPerHour ?? null, t.money?.creditsAtStakeFen ?? null, t.money?.ratingVersion ?? null,
    t.verdict, t.verdictBy, t.foldedInto,
  ];
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function fromRow(r: Record<string, unknown>): Ticket {
  return {
    ticketId: Number(r.ticket_id), groupKey: String(r.group_key), ruleId: String(r.rule_id), severity: r.severity as Severity,
    state: r.state as TicketState, title: String(r.title), siteIds: JSON.parse(String(r.site_ids)) as number[],
    transportNodeId: num(r.transport_node_id), labels: JSON.parse(String(r.labels)) as Record<string, string>,
    runbook: (r.runbook as string | null) ?? null, runbookRuleId: (r.runbook_rule_id as string | null) ?? null,
    actionParams: r.action_params ? JSON.parse(String(r.action_params)) as Record<string, string> : null,
    openedAtMs: Number(r.opened_at), updatedAtMs: Number(r.updated_at), actedAtMs: num(r.acted_at), actionDone: r.action_done === true,
    verifySinceMs: num(r.verify_since), closedAtMs: num(r.closed_at), acknowledgedBy: (r.acknowledged_by as string | null) ?? null,
    predictedBreachAtMs: num(r.predicted_breach_at), firstBreachAtMs: num(r.first_breach_at), cooldownUntilMs: num(r.cooldown_until),
    holdsGroup: r.holds_group === true,
    subject: r.subject === 'transport_node' ? 'transport_node' : 'site',
    autonomy: (r.autonomy as Ticket['autonomy']) ?? null,
    proposal: r.proposal ? JSON.parse(String(r.proposal)) as Proposal : null,
    money: r.revenue_at_risk_fen_per_hour === null || r.revenue_at_risk_fen_per_hour === undefined ? null : {
      revenueAtRiskFenPerHour: Number(r.revenue_at_risk_fen_per_hour), creditsAtStakeFen: Number(r.credits_at_stake_fen ?? 0), ratingVersion: num(r.rating_version),
    },
    verdict: (r.verdict as Verdict | null) ?? null,
    verdictBy: (r.verdict_by as string | null) ?? null,
    foldedInto: num(r.folded_into),
  };
}

function eventFromRow(r: Record<string, unknown>): TicketEvent {
  return {
    eventId: Number(r.event_id), ticketId: Number(r.ticket_id), atMs: Number(r.at_ms), kind: r.kind as TicketEventKind,
    fromState: (r.from_state as TicketState | null) ?? null, toState: (r.to_state as TicketState | null) ?? null,
    actor: String(r.actor), reason: String(r.reason), data: r.data ? JSON.parse(String(r.data)) as Record<string, unknown> : null,
  };
}

export type NewEvent = Omit<TicketEvent, 'eventId' | 'ticketId'>;

export interface TicketFilter {
  states?: TicketState[] | undefined;
  severities?: Severity[] | undefined;
  siteId?: number | undefined;
  /** Only tickets about at least one of these sites (a user's data scope); an empty list matches none. */
  anySiteOf?: readonly number[] | undefined;
  ruleId?: string | undefined;
  fromMs?: number | undefined;
  toMs?: number | undefined;
  limit?: number | undefined;
  /** 'time': newest first (default); 'money': most revenue at risk per hour first, then most credits at stake. */
  sort?: 'time' | 'money' | undefined;
}

/** One runbook run, as guards count them. */
export interface ActionRecord { ticketId: number; atMs: number; runbook: string; siteIds: number[]; transportNodeId: number | null }

/**
 * Portable SQL: the ticket's site_ids JSON array (`[1,2,3]`) as `,1,2,3,` contains `,<id>,` for one of the ids.
 * The ids are checked integers, so they are written as literals (a scope can hold more sites than a driver takes parameters).
 */
function anySiteSql(siteIds: readonly number[]): string {
  if (!siteIds.length) return 'false';
  const list = "(',' || substr(site_ids, 2, length(site_ids) - 2) || ',')";
  return `(${siteIds.map((id) => {
    if (!Number.isSafeInteger(id)) throw new Error(`site id ${id} is not an integer`);
    return `${list} LIKE '%,${id},%'`;
  }).join(' OR ')})`;
}

export class TicketStore {
  constructor(readonly db: SqlDriver) {}

  async init(): Promise<void> { for (const s of TICKET_STORE_DDL) await this.db.exec(s); }

  private async nextEventId(tx: SqlDriver): Promise<number> {
    const r = await tx.query<{ id: unknown }>("SELECT nextval('opsdeck_ticket_event_seq') AS id");
    return Number(r[0]!.id);
  }

  private async insertEvent(tx: SqlDriver, ticketId: number, e: NewEvent): Promise<TicketEvent> {
    const eventId = await this.nextEventId(tx);
    await tx.exec('INSERT INTO opsdeck_ticket_event (event_id, ticket_id, at_ms, kind, from_state, to_state, actor, reason, data) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)',
      [eventId, ticketId, e.atMs, e.kind, e.fromState, e.toState, e.actor, e.reason, e.data ? JSON.stringify(e.data) : null]);
    return { ...e, eventId, ticketId };
  }

  /**
   * Opens a ticket unless its group already has one (here or on another replica): the open-group primary key decides.
   * Returns the new ticket and event, or the id of the ticket already holding the group.
   */
  async open(t: Omit<Ticket, 'ticketId'>, first: NewEvent): Promise<{ ticket: Ticket; event: TicketEvent } | { existingTicketId: number | null }> {
    const idRow = await this.db.query<{ id: unknown }>("SELECT nextval('opsdeck_ticket_seq') AS id");
    const ticket: Ticket = { ...t, ticketId: Number(idRow[0]!.id) };
    try {
      return await this.db.transaction(async (tx) => {
        const held = await tx.query<{ ticket_id: unknown }>('SELECT ticket_id FROM opsdeck_open_group WHERE group_key = $1', [t.groupKey]);
        if (held.length) throw new GroupHeld(Number(held[0]!.ticket_id));
        await tx.exec('INSERT INTO opsdeck_open_group (group_key, ticket_id) VALUES ($1, $2)', [t.groupKey, ticket.ticketId]);
        await tx.exec(`INSERT INTO opsdeck_ticket (${COLS.join(', ')}) VALUES (${COLS.map((_, i) => `$${i + 1}`).join(', ')})`, toRow(ticket));
        const event = await this.insertEvent(tx, ticket.ticketId, first);
        return { ticket, event };
      });
    } catch (e) {
      if (e instanceof GroupHeld) return { existingTicketId: e.ticketId };
      // A concurrent writer committed the same group first: our commit failed on the primary key.
      const held = await this.db.query<{ ticket_id: unknown }>('SELECT ticket_id FROM opsdeck_open_group WHERE group_key = $1', [t.groupKey]);
      if (held.length) return { existingTicketId: Number(held[0]!.ticket_id) };
      throw e;
    }
  }

  /**
   * Saves the ticket's new fields and an event, only if it is still in `expectState` (another replica may have moved it).
   * Releases the group key when the ticket no longer holds it.
   */
  async update(t: Ticket, expectState: TicketState, event: NewEvent | null): Promise<TicketEvent | null | false> {
    return this.db.transaction(async (tx) => {
      const sets = COLS.slice(1).map((c, i) => `${c} = $${i + 2}`).join(', ');
      const n = await tx.exec(`UPDATE opsdeck_ticket SET ${sets} WHERE ticket_id = $1 AND state = $${COLS.length + 1}`, [...toRow(t), expectState]);
      if (n === 0) return false;
      if (!t.holdsGroup) await tx.exec('DELETE FROM opsdeck_open_group WHERE group_key = $1 AND ticket_id = $2', [t.groupKey, t.ticketId]);
      return event ? this.insertEvent(tx, t.ticketId, event) : null;
    });
  }

  async addEvent(ticketId: number, e: NewEvent): Promise<TicketEvent> {
    return this.db.transaction((tx) => this.insertEvent(tx, ticketId, e));
  }

  async get(ticketId: number): Promise<Ticket | null> {
    const r = await this.db.query(`SELECT ${COLS.join(', ')} FROM opsdeck_ticket WHERE ticket_id = $1`, [ticketId]);
    return r[0] ? fromRow(r[0]) : null;
  }

  async detail(ticketId: number): Promise<TicketDetail | null> {
    const ticket = await this.get(ticketId);
    if (!ticket) return null;
    const ev = await this.db.query('SELECT * FROM opsdeck_ticket_event WHERE ticket_id = $1 ORDER BY at_ms, event_id', [ticketId]);
    return { ticket, events: ev.map(eventFromRow) };
  }

  /** Tickets automation must keep working on after a restart: active ones and those still holding their group. */
  async loadLive(): Promise<Ticket[]> {
    const r = await this.db.query(`SELECT ${COLS.join(', ')} FROM opsdeck_ticket WHERE state IN (${ACTIVE_TICKET_STATES.map((s) => `'${s}'`).join(', ')}) OR holds_group ORDER BY ticket_id`);
    return r.map(fromRow);
  }

  /** Latest cooldown end per group that is still in the future. */
  async cooldowns(nowMs: number): Promise<Map<string, number>> {
    const r = await this.db.query<{ group_key: string; until: unknown }>(
      'SELECT group_key, max(cooldown_until) AS until FROM opsdeck_ticket WHERE cooldown_until > $1 GROUP BY group_key', [nowMs]);
    return new Map(r.map((x) => [x.group_key, Number(x.until)]));
  }

  /**
   * Close times of flaps since `sinceMs`, by group: tickets resolved without any runbook within `shortMs` of opening
   * (an alert that came and went), the evidence flap damping counts.
   */
  async recentFlaps(sinceMs: number, shortMs: number): Promise<Map<string, number[]>> {
    const r = await this.db.query<{ group_key: string; closed_at: unknown }>(
      `SELECT group_key, closed_at FROM opsdeck_ticket WHERE closed_at >= $1 AND state = 'resolved' AND runbook IS NULL
         AND folded_into IS NULL AND closed_at - opened_at <= $2 ORDER BY closed_at`, [sinceMs, shortMs]);
    const out = new Map<string, number[]>();
    for (const x of r) { let l = out.get(x.group_key); if (!l) out.set(x.group_key, l = []); l.push(Number(x.closed_at)); }
    return out;
  }

  async list(f: TicketFilter = {}): Promise<Ticket[]> {
    const where: string[] = f.anySiteOf ? [anySiteSql(f.anySiteOf)] : [];
    const p: SqlParam[] = [];
    const add = (sql: string, ...vals: SqlParam[]) => { where.push(sql.replace(/\?/g, () => `$${p.push(vals.shift()!)}`)); };
    if (f.states?.length) add(`state IN (${f.states.map(() => '?').join(', ')})`, ...f.states);
    if (f.severities?.length) add(`severity IN (${f.severities.map(() => '?').join(', ')})`, ...f.severities);
    if (f.ruleId) add('(rule_id = ? OR runbook_rule_id = ?)', f.ruleId, f.ruleId);
    // site_ids is a JSON array text: match the id as a whole element.
    if (f.siteId !== undefined) add("(site_ids LIKE ? OR site_ids LIKE ? OR site_ids LIKE ? OR site_ids = ?)",
      `[${f.siteId},%`, `%,${f.siteId},%`, `%,${f.siteId}]`, `[${f.siteId}]`);
    if (f.fromMs !== undefined) add('opened_at >= ?', f.fromMs);
    if (f.toMs !== undefined) add('opened_at < ?', f.toMs);
    const limit = Math.max(1, Math.min(1000, Math.floor(f.limit ?? 200)));
    const order = f.sort === 'money'
      ? 'COALESCE(revenue_at_risk_fen_per_hour, -1) DESC, COALESCE(credits_at_stake_fen, -1) DESC, opened_at DESC, ticket_id DESC'
      : 'opened_at DESC, ticket_id DESC';
    const r = await this.db.query(`SELECT ${COLS.join(', ')} FROM opsdeck_ticket ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${order} LIMIT ${limit}`, p);
    return r.map(fromRow);
  }

  /** Every ticket opened in [fromMs, toMs) (the ledger and the autonomy mix read whole weeks, no row limit). */
  async openedBetween(fromMs: number, toMs: number): Promise<Ticket[]> {
    const r = await this.db.query(`SELECT ${COLS.join(', ')} FROM opsdeck_ticket WHERE opened_at >= $1 AND opened_at < $2 ORDER BY opened_at, ticket_id`, [fromMs, toMs]);
    return r.map(fromRow);
  }

  /** Runbooks run since `sinceMs` (one per ticket: its acted_at), oldest first: what guards count. */
  async actionsSince(sinceMs: number): Promise<ActionRecord[]> {
    const r = await this.db.query<{ ticket_id: unknown; acted_at: unknown; runbook: string; site_ids: string; transport_node_id: unknown }>(
      'SELECT ticket_id, acted_at, runbook, site_ids, transport_node_id FROM opsdeck_ticket WHERE acted_at >= $1 AND runbook IS NOT NULL ORDER BY acted_at', [sinceMs]);
    return r.map((x) => ({ ticketId: Number(x.ticket_id), atMs: Number(x.acted_at), runbook: x.runbook, siteIds: JSON.parse(x.site_ids) as number[], transportNodeId: num(x.transport_node_id) }));
  }

  /** Events of one kind recorded in [fromMs, toMs), of the given tickets only when `ticketIds` is set. */
  async countEvents(kind: TicketEventKind, fromMs: number, toMs: number, ticketIds?: readonly number[]): Promise<number> {
    if (ticketIds && !ticketIds.length) return 0;
    // Checked integers, written as literals (a scope's tickets can outnumber a driver's parameters), as anySiteSql does.
    const ids = ticketIds ? ` AND ticket_id IN (${ticketIds.map((id) => {
      if (!Number.isSafeInteger(id)) throw new Error(`ticket id ${id} is not an integer`);
      return String(id);
    }).join(', ')})` : '';
    const r = await this.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM opsdeck_ticket_event WHERE kind = $1 AND at_ms >= $2 AND at_ms < $3${ids}`, [kind, fromMs, toMs]);
    return Number(r[0]?.n ?? 0);
  }

  /** Tickets per state, optionally only those about one of `anySiteOf` (see TicketFilter). */
  async counts(anySiteOf?: readonly number[]): Promise<Record<TicketState, number>> {
    const where = anySiteOf ? `WHERE ${anySiteSql(anySiteOf)}` : '';
    const r = await this.db.query<{ state: TicketState; n: unknown }>(`SELECT state, count(*) AS n FROM opsdeck_ticket ${where} GROUP BY state`);
    const out: Record<TicketState, number> = { open: 0, acting: 0, verifying: 0, resolved: 0, escalated: 0 };
    for (const x of r) out[x.state] = Number(x.n);
    return out;
  }

  async silences(): Promise<SilenceInfo[]> {
    const r = await this.db.query('SELECT * FROM opsdeck_silence ORDER BY starts_ms');
    return r.map((x) => ({
      id: String(x.silence_id), matchers: JSON.parse(String(x.matchers)) as Record<string, string>, startsMs: Number(x.starts_ms),
      endsMs: Number(x.ends_ms), createdBy: String(x.created_by), comment: String(x.comment),
    }));
  }
  async addSilence(s: SilenceInfo): Promise<void> {
    await this.db.exec('INSERT INTO opsdeck_silence (silence_id, matchers, starts_ms, ends_ms, created_by, comment) VALUES ($1,$2,$3,$4,$5,$6)',
      [s.id, JSON.stringify(s.matchers), s.startsMs, s.endsMs, s.createdBy, s.comment]);
  }
  async expireSilence(id: string, nowMs: number): Promise<boolean> {
    return (await this.db.exec('UPDATE opsdeck_silence SET ends_ms = $2 WHERE silence_id = $1 AND ends_ms > $2', [id, nowMs])) > 0;
  }

  async storedRules(): Promise<{ ruleId: string; yaml: string; updatedAtMs: number; updatedBy: string }[]> {
    const r = await this.db.query('SELECT * FROM opsdeck_rule ORDER BY rule_id');
    return r.map((x) => ({ ruleId: String(x.rule_id), yaml: String(x.yaml), updatedAtMs: Number(x.updated_at), updatedBy: String(x.updated_by) }));
  }
  async saveRule(ruleId: string, yaml: string, nowMs: number, by: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.exec('DELETE FROM opsdeck_rule WHERE rule_id = $1', [ruleId]);
      await tx.exec('INSERT INTO opsdeck_rule (rule_id, yaml, updated_at, updated_by) VALUES ($1,$2,$3,$4)', [ruleId, yaml, nowMs, by]);
    });
  }

  close(): Promise<void> { return this.db.close(); }
}

class GroupHeld extends Error { constructor(readonly ticketId: number) { super('group already has an open ticket'); } }
