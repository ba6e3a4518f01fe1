// The self-healing loop: firing alerts -> tickets (one per group) -> runbook via the network controller -> verify -> resolve | escalate.
import type { Ticket, TicketEvent, TicketState } from '../../schema/automation.js';
import { InvalidRequestError, NotFoundError } from '../../schema/domainErrors.js';
import type { SiteFeatures } from '../detect/siteFeatures.js';
import type { AlertInstance } from '../rules/ruleEngine.js';
import type { CompiledRule } from '../rules/ruleTypes.js';
import type { NetworkController, RemediationRunbook } from './networkController.js';
import type { NewEvent, TicketStore } from './ticketStore.js';
import type { TicketNotifier } from './webhookNotifier.js';

export interface HealDeps {
  store: TicketStore;
  controller: NetworkController;
  notifier?: TicketNotifier | null;
  /** The rules now in force, by id (they change when edited through the API). */
  rules: () => ReadonlyMap<string, CompiledRule>;
  /** A ticket nobody could diagnose (no rule with a runbook fired for its group) escalates after this long. */
  diagnoseWithinMs?: number;
  /** Upper bound on one controller call; a hung controller must not stall the loop. */
  controllerTimeoutMs?: number;
  onError?: (err: unknown, what: string) => void;
  /** Every recorded ticket event, after it is stored (e.g. for the audit trail). */
  onEvent?: ((t: Ticket, e: TicketEvent) => void) | undefined;
}

export interface HealStats { opened: number; resolved: number; escalated: number; actions: number; suppressedByCooldown: number; silenced: number; conflicts: number; flapDamped: number }

/**
 * Flap damping: a flap is a ticket its alert opened and closed again within FLAP_SHORT_MS, no runbook run. Each flap of
 * a group within FLAP_WINDOW_MS doubles the group's next cooldown, up to MAX_FLAP_FACTOR; long incidents and
 * remediated tickets never count, so a group with real, recurring problems keeps its normal cooldown.
 */
export const FLAP_SHORT_MS = 15 * 60_000;
export const FLAP_WINDOW_MS = 6 * 3_600_000;
export const MAX_FLAP_FACTOR = 8;

/** The cooldown multiplier of a group with `flaps` flaps in the window (this close included). */
export function flapFactor(flaps: number): number {
  return Math.min(MAX_FLAP_FACTOR, 2 ** Math.max(0, flaps - 1));
}

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');

/** Human summary of the site's state for audit reasons. */
export function describeFeatures(f: SiteFeatures | undefined): string {
  if (!f) return 'no data';
  const ttb = f.time_to_breach_min >= 1e8 ? 'not rising' : f.time_to_breach_min === 0 ? 'over SLA now' : `trend crosses ${f.sla_ms} ms in ${fmt(f.time_to_breach_min, 0)} min`;
  const moved = f.kpis_moved > 0 ? `; moved together (scale-free scores): ${f.moved_kpis}` : '';
  const warmup = f.baseline_ready ? '' : ' (baseline still warming up: not enough history)';
  return `${f.site_name}: latency ${fmt(f.latency_ms)} ms (baseline ${fmt(f.latency_base_ms)}, z ${fmt(f.latency_z)}), ${ttb}; loss +${fmt(f.loss_excess_pct, 2)} pp, jitter +${fmt(f.jitter_excess_ms)} ms, PRB +${fmt(f.prb_excess * 100, 0)} pp, UL ${fmt(f.ul_change * 100, 0)} %${moved}${warmup}`;
}

function fillTemplate(s: string, labels: Record<string, string>): string {
  return s.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_, k: string) => labels[k] ?? '');
}

export class HealLoop {
  private readonly live = new Map<number, Ticket>();
  private readonly byGroup = new Map<string, number>();
  private cooldown = new Map<string, number>();
  /** Close times of each group's flaps within FLAP_WINDOW_MS (flap damping). */
  private flaps = new Map<string, number[]>();
  private chain: Promise<unknown> = Promise.resolve();
  readonly stats: HealStats = { opened: 0, resolved: 0, escalated: 0, actions: 0, suppressedByCooldown: 0, silenced: 0, conflicts: 0, flapDamped: 0 };

  constructor(private readonly d: HealDeps) {}

  /** Loads tickets in flight (restart-safe: a ticket mid-remediation resumes where it was). */
  init(nowMs: number): Promise<void> {
    return this.serial(async () => {
      for (const t of await this.d.store.loadLive()) this.track(t);
      this.cooldown = await this.d.store.cooldowns(nowMs);
      this.flaps = await this.d.store.recentFlaps(nowMs - FLAP_WINDOW_MS, FLAP_SHORT_MS);
    });
  }

  /** Tickets automation is working on or that still hold their group. */
  liveTickets(): Ticket[] { return [...this.live.values()]; }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private track(t: Ticket): void {
    const active = t.state === 'open' || t.state === 'acting' || t.state === 'verifying';
    if (active || t.holdsGroup) {
      this.live.set(t.ticketId, t);
      if (t.holdsGroup) this.byGroup.set(t.groupKey, t.ticketId);
    } else {
      this.live.delete(t.ticketId);
    }
    if (!t.holdsGroup && this.byGroup.get(t.groupKey) === t.ticketId) this.byGroup.delete(t.groupKey);
  }

  private emit(t: Ticket, e: TicketEvent | null): void {
    if (e && this.d.onEvent) { try { this.d.onEvent({ ...t }, e); } catch (err) { this.d.onError?.(err, 'ticket event listener'); } }
    if (e && this.d.notifier) { try { this.d.notifier.notify({ ticket: { ...t }, event: e }); } catch (err) { this.d.onError?.(err, 'webhook'); } }
  }

  /** Persists a change; on a lost race with another replica, reloads the ticket instead. */
  private async save(t: Ticket, expect: TicketState, e: NewEvent | null): Promise<boolean> {
    const r = await this.d.store.update(t, expect, e);
    if (r === false) {
      this.stats.conflicts++;
      const fresh = await this.d.store.get(t.ticketId);
      if (fresh) this.track(fresh); else this.live.delete(t.ticketId);
      return false;
    }
    this.track(t);
    this.emit(t, r);
    return true;
  }

  private async transition(t: Ticket, to: TicketState, atMs: number, actor: string, reason: string, patch: Partial<Ticket> = {}, data: Record<string, unknown> | null = null): Promise<boolean> {
    const from = t.state;
    const next: Ticket = { ...t, ...patch, state: to, updatedAtMs: atMs };
    if (to === 'resolved' || to === 'escalated') next.closedAtMs = atMs;
    if (to === 'resolved') next.holdsGroup = false;
    const ok = await this.save(next, from, { atMs, kind: 'transition', fromState: from, toState: to, actor, reason, data });
    if (ok) {
      if (to === 'resolved') this.stats.resolved++;
      if (to === 'escalated') this.stats.escalated++;
    }
    return ok;
  }

  /** One evaluation tick: `alerts` are all pending and firing alerts now; `features` the detector outputs by site. */
  onTick(nowMs: number, alerts: readonly AlertInstance[], features: ReadonlyMap<number, SiteFeatures>): Promise<void> {
    return this.serial(() => this.tickInner(nowMs, alerts, features));
  }

  private async tickInner(nowMs: number, alerts: readonly AlertInstance[], features: ReadonlyMap<number, SiteFeatures>): Promise<void> {
    const rules = this.d.rules();
    const groups = new Map<string, AlertInstance[]>();
    for (const a of alerts) {
      let g = groups.get(a.groupKey);
      if (!g) groups.set(a.groupKey, g = []);
      g.push(a);
    }
    // 1. Firing, unsilenced alerts open or join the ticket of their group.
    for (const a of alerts) {
      if (a.phase !== 'firing') continue;
      if (a.silenced) { this.stats.silenced++; continue; }
      const held = this.byGroup.get(a.groupKey);
      if (held !== undefined) { await this.attach(held, a, nowMs, features); continue; }
      const until = this.cooldown.get(a.groupKey);
      if (until !== undefined && nowMs < until) { this.stats.suppressedByCooldown++; continue; }
      await this.open(a, rules.get(a.ruleId), nowMs, features);
    }
    // 2. Advance every live ticket.
    for (const t of [...this.live.values()]) {
      try {
        await this.advance(t, groups.get(t.groupKey) ?? [], rules, nowMs, features);
      } catch (err) {
        this.d.onError?.(err, `ticket ${t.ticketId}`);
      }
    }
  }

  private async open(a: AlertInstance, rule: CompiledRule | undefined, nowMs: number, features: ReadonlyMap<number, SiteFeatures>): Promise<void> {
    const f = features.get(a.siteId);
    const byNode = rule?.groupBy.includes('transport_node_id') && !rule.groupBy.includes('site_id');
    const title = byNode
      ? `${rule?.description || a.ruleId}: transport node ${a.labels.transport_node_id}`
      : `${rule?.description || a.ruleId}: ${a.labels.site_name ?? `site ${a.siteId}`}`;
    const ttb = f && f.time_to_breach_min < 1e8 ? f.time_to_breach_min : null;
    const t: Omit<Ticket, 'ticketId'> = {
      groupKey: a.groupKey, ruleId: a.ruleId, severity: rule?.severity ?? 'major', state: 'open', title,
      siteIds: [a.siteId], transportNodeId: f?.transport_node_id ?? null, labels: a.labels,
      runbook: null, runbookRuleId: null, actionParams: null, openedAtMs: nowMs, updatedAtMs: nowMs, actedAtMs: null, actionDone: false,
      verifySinceMs: null, closedAtMs: null, acknowledgedBy: null,
      predictedBreachAtMs: ttb === null ? null : Math.round(nowMs + ttb * 60_000),
      firstBreachAtMs: f?.breaching ? nowMs : null, cooldownUntilMs: null, holdsGroup: true,
    };
    const r = await this.d.store.open(t, {
      atMs: nowMs, kind: 'transition', fromState: null, toState: 'open', actor: `rule:${a.ruleId}`,
      reason: `${a.ruleId} firing since ${new Date(a.firingSinceMs ?? nowMs).toISOString()} — ${describeFeatures(f)}`,
      data: f ? { features: pickFeatures(f) } : null,
    });
    if ('ticket' in r) {
      this.stats.opened++;
      this.track(r.ticket);
      this.emit(r.ticket, r.event);
      return;
    }
    // Another evaluator (replica or concurrent tick) opened it first: adopt that ticket, never a second one.
    this.stats.conflicts++;
    if (r.existingTicketId !== null) {
      const existing = await this.d.store.get(r.existingTicketId);
      if (existing) { this.track(existing); await this.attach(existing.ticketId, a, nowMs, features); }
    }
  }

  private async attach(ticketId: number, a: AlertInstance, nowMs: number, features: ReadonlyMap<number, SiteFeatures>): Promise<void> {
    const t = this.live.get(ticketId);
    if (!t) return;
    const known = t.siteIds.includes(a.siteId);
    const seenRules = new Set((t.labels.rules ?? t.labels.rule ?? '').split(',').filter(Boolean));
    if (known && seenRules.has(a.ruleId)) return;
    seenRules.add(a.ruleId);
    const next: Ticket = {
      ...t, siteIds: known ? t.siteIds : [...t.siteIds, a.siteId].sort((x, y) => x - y),
      labels: { ...t.labels, rules: [...seenRules].join(',') }, updatedAtMs: nowMs,
    };
    await this.save(next, t.state, {
      atMs: nowMs, kind: 'alert', fromState: null, toState: null, actor: `rule:${a.ruleId}`,
      reason: `${a.ruleId} firing for ${a.labels.site_name ?? a.siteId} (grouped: ${a.groupKey}) — ${describeFeatures(features.get(a.siteId))}`, data: null,
    });
  }

  private async advance(t: Ticket, group: readonly AlertInstance[], rules: ReadonlyMap<string, CompiledRule>, nowMs: number, features: ReadonlyMap<number, SiteFeatures>): Promise<void> {
    const firing = group.filter((a) => a.phase === 'firing');
    // SLA breach after opening: what "lead time" in the UI is measured against.
    if (t.firstBreachAtMs === null && (t.state === 'open' || t.state === 'acting' || t.state === 'verifying')) {
      const breaching = t.siteIds.map((s) => features.get(s)).find((f) => f?.breaching);
      if (breaching) {
        const next = { ...t, firstBreachAtMs: nowMs, updatedAtMs: nowMs };
        await this.save(next, t.state, { atMs: nowMs, kind: 'breach', fromState: null, toState: null, actor: 'automation', reason: `SLA breached — ${describeFeatures(breaching)}`, data: null });
        t = this.live.get(t.ticketId) ?? next;
      }
    }
    switch (t.state) {
      case 'open': {
        const candidates = firing
          .filter((a) => !a.silenced)
          .map((a) => ({ a, rule: rules.get(a.ruleId) }))
          .filter((x): x is { a: AlertInstance; rule: CompiledRule } => !!x.rule?.action && x.rule.action.runbook !== 'notify')
          .sort((x, y) => y.rule.priority - x.rule.priority || x.a.activeSinceMs - y.a.activeSinceMs);
        const pick = candidates[0];
        if (pick) { await this.act(t, pick.a, pick.rule, nowMs, features); return; }
        if (!firing.length) {
          const until = this.cooldownFor(t, rules, nowMs, nowMs - t.openedAtMs <= FLAP_SHORT_MS);
          await this.transition(t, 'resolved', nowMs, `rule:${t.ruleId}`, `condition cleared before any runbook applied${this.flapNote(t.groupKey, nowMs)}`, { cooldownUntilMs: until });
          return;
        }
        const within = this.d.diagnoseWithinMs ?? 20 * 60_000;
        if (nowMs - t.openedAtMs >= within) {
          await this.transition(t, 'escalated', nowMs, 'automation', `no rule with a runbook matched the signature within ${Math.round(within / 60_000)} min — ${describeFeatures(features.get(t.siteIds[0]!))}`);
        }
        return;
      }
      case 'acting': {
        // Only after a restart between "acting" and the controller's answer: run the runbook again (idempotent).
        if (!t.actionDone) await this.execute(t, nowMs, 'resumed after restart');
        return;
      }
      case 'verifying': {
        const rule = t.runbookRuleId ? rules.get(t.runbookRuleId) : undefined;
        const verify = rule?.verify;
        const cond = rule?.verifyCond;
        const subjects = t.siteIds.map((s) => features.get(s));
        const holds = !!cond && subjects.every((f) => f?.has_data && cond(f) === true);
        const forMs = verify?.forMs ?? 5 * 60_000;
        const withinMs = verify?.withinMs ?? 30 * 60_000;
        if (holds) {
          const since = t.verifySinceMs ?? nowMs;
          if (nowMs - since >= forMs) {
            await this.transition(t, 'resolved', nowMs, 'verifier', `recovered: "${verify?.when}" held for ${Math.round(forMs / 60_000)} min — ${describeFeatures(subjects[0])}`,
              { verifySinceMs: since, cooldownUntilMs: this.cooldownFor(t, rules, nowMs) });
            return;
          }
          if (t.verifySinceMs === null) await this.save({ ...t, verifySinceMs: since, updatedAtMs: nowMs }, t.state, null);
        } else if (t.verifySinceMs !== null) {
          await this.save({ ...t, verifySinceMs: null, updatedAtMs: nowMs }, t.state, null);
        }
        const cur = this.live.get(t.ticketId) ?? t;
        if (cur.state === 'verifying' && cur.actedAtMs !== null && nowMs - cur.actedAtMs >= withinMs) {
          await this.transition(cur, 'escalated', nowMs, 'verifier',
            `no recovery within ${Math.round(withinMs / 60_000)} min of ${cur.runbook}: ${rule ? `"${verify?.when}" not holding` : 'rule removed'} — ${describeFeatures(subjects[0])}`);
        }
        return;
      }
      case 'escalated': {
        // Humans own it now; once its alerts are gone the group may open a new ticket for a new problem, but only after
        // the same cooldown a resolved ticket gets: an alert that comes straight back is the same incident, not a new one.
        if (t.holdsGroup && !group.length) {
          const until = this.cooldownFor(t, this.d.rules(), nowMs);
          await this.save({ ...t, holdsGroup: false, cooldownUntilMs: until, updatedAtMs: nowMs }, 'escalated',
            { atMs: nowMs, kind: 'released', fromState: null, toState: null, actor: 'automation',
              reason: `alerts cleared; group released for new tickets after a cooldown until ${new Date(until).toISOString()}${this.flapNote(t.groupKey, nowMs)}`, data: null });
        }
        return;
      }
      default:
        return;
    }
  }

  /** The group's cooldown after this ticket closes, damped for flapping: longer the more it flapped lately. */
  private cooldownFor(t: Ticket, rules: ReadonlyMap<string, CompiledRule>, nowMs: number, flapped = false): number {
    const rule = rules.get(t.runbookRuleId ?? t.ruleId) ?? rules.get(t.ruleId);
    if (flapped) {
      const l = (this.flaps.get(t.groupKey) ?? []).filter((x) => x > nowMs - FLAP_WINDOW_MS);
      l.push(nowMs);
      this.flaps.set(t.groupKey, l);
    }
    const factor = flapFactor(this.recentFlaps(t.groupKey, nowMs));
    if (factor > 1) this.stats.flapDamped++;
    const until = nowMs + (rule?.cooldownMs ?? 30 * 60_000) * factor;
    this.cooldown.set(t.groupKey, until);
    return until;
  }

  private recentFlaps(groupKey: string, nowMs: number): number {
    return (this.flaps.get(groupKey) ?? []).filter((x) => x > nowMs - FLAP_WINDOW_MS).length;
  }

  /** Timeline text when flap damping stretched the cooldown. */
  private flapNote(groupKey: string, nowMs: number): string {
    const n = this.recentFlaps(groupKey, nowMs);
    const f = flapFactor(n);
    return f > 1 ? ` (flapping: ${n} short tickets in ${FLAP_WINDOW_MS / 3_600_000} h, cooldown x${f})` : '';
  }

  private async act(t: Ticket, a: AlertInstance, rule: CompiledRule, nowMs: number, features: ReadonlyMap<number, SiteFeatures>): Promise<void> {
    const params = Object.fromEntries(Object.entries(rule.action!.params).map(([k, v]) => [k, fillTemplate(v, a.labels)]));
    const ok = await this.transition(t, 'acting', nowMs, `rule:${rule.id}`,
      `diagnosed by ${rule.id} (${rule.description || rule.when}); running ${rule.action!.runbook} — ${describeFeatures(features.get(a.siteId))}`,
      { runbook: rule.action!.runbook, runbookRuleId: rule.id, actionParams: params, actedAtMs: nowMs, actionDone: false, severity: rule.severity },
      { runbook: rule.action!.runbook, params });
    if (!ok) return;
    await this.execute(this.live.get(t.ticketId)!, nowMs, null);
  }

  private async execute(t: Ticket, nowMs: number, note: string | null): Promise<void> {
    this.stats.actions++;
    let result: { executed: boolean; detail: string };
    try {
      const timeout = this.d.controllerTimeoutMs ?? 30_000;
      result = await Promise.race([
        this.d.controller.execute({
          runbook: t.runbook as RemediationRunbook, siteIds: t.siteIds, transportNodeId: t.transportNodeId,
          params: t.actionParams ?? {}, ticketId: t.ticketId, atMs: nowMs,
        }),
        new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`controller timed out after ${timeout} ms`)), timeout).unref()),
      ]);
    } catch (e) {
      result = { executed: false, detail: `controller error: ${(e as Error).message}` };
    }
    const reason = `${note ? `${note}: ` : ''}${t.runbook} ${result.executed ? 'executed' : 'failed'} — ${result.detail}`;
    if (!result.executed) {
      await this.transition(t, 'escalated', nowMs, 'controller', reason, { actionDone: false });
      return;
    }
    await this.transition(t, 'verifying', nowMs, 'controller', reason, { actionDone: true, verifySinceMs: null });
  }

  acknowledge(ticketId: number, user: string, nowMs: number): Promise<Ticket> {
    return this.serial(async () => {
      const t = await this.mustGet(ticketId);
      const next = { ...t, acknowledgedBy: user, updatedAtMs: nowMs };
      await this.save(next, t.state, { atMs: nowMs, kind: 'acknowledge', fromState: null, toState: null, actor: `user:${user}`, reason: 'acknowledged', data: null });
      return next;
    });
  }

  comment(ticketId: number, user: string, text: string, nowMs: number): Promise<TicketEvent> {
    return this.serial(async () => {
      const t = await this.mustGet(ticketId);
      const e = await this.d.store.addEvent(ticketId, { atMs: nowMs, kind: 'comment', fromState: null, toState: null, actor: `user:${user}`, reason: text, data: null });
      this.emit(t, e);
      return e;
    });
  }

  resolve(ticketId: number, user: string, reason: string, nowMs: number): Promise<Ticket> {
    return this.serial(async () => {
      const t = await this.mustGet(ticketId);
      if (t.state === 'resolved') throw new InvalidRequestError(`ticket ${ticketId} is already resolved`);
      const ok = await this.transition(t, 'resolved', nowMs, `user:${user}`, reason || 'resolved manually',
        { cooldownUntilMs: this.cooldownFor(t, this.d.rules(), nowMs) });
      if (!ok) throw new InvalidRequestError(`ticket ${ticketId} changed meanwhile; retry`);
      return (await this.d.store.get(ticketId))!;
    });
  }

  private async mustGet(ticketId: number): Promise<Ticket> {
    const t = this.live.get(ticketId) ?? await this.d.store.get(ticketId);
    if (!t) throw new NotFoundError(`no ticket ${ticketId}`);
    return t;
  }

  /** Waits for the current tick to finish (shutdown, tests). */
  idle(): Promise<void> { return this.serial(async () => undefined); }
}

function pickFeatures(f: SiteFeatures): Record<string, number | string | boolean> {
  const { alarm_causes: _a, ...rest } = f;
  return rest;
}
