// The self-healing loop: firing alerts -> tickets (one per group) -> runbook via the network controller -> verify -> resolve | escalate.
import type { Ticket, TicketEvent, TicketState } from '../../schema/automation.js';
import { ACTIVE_TICKET_STATES, TICKET_AUTONOMY_DEFAULTS } from '../../schema/automation.js';
import type { AutonomyPolicy, Proposal, TicketMoney, Verdict } from '../../schema/autonomy.js';
import type { MaintenanceMatch } from '../../schema/maintenance.js';
import { InvalidRequestError, NotFoundError } from '../../schema/domainErrors.js';
import type { SiteFeatures } from '../detect/siteFeatures.js';
import type { AlertInstance } from '../rules/ruleEngine.js';
import type { CompiledRule } from '../rules/ruleTypes.js';
import type { NetworkController, RemediationRunbook } from './networkController.js';
import type { ActionRecord, NewEvent, TicketStore } from './ticketStore.js';
import { checkGuards, effectiveLevel, OPEN_POLICY, type LevelDecision } from './autonomyGuards.js';
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
  /** Autonomy levels, guards, blocklist and brake in force; absent: every rule acts at its own level, unguarded. */
  policy?: (() => AutonomyPolicy) | undefined;
  /** The maintenance window holding alerts with these labels (and this runbook) now, if any: no ticket, no runbook. */
  maintenance?: ((labels: Readonly<Record<string, string>>, runbook: string | null, nowMs: number) => MaintenanceMatch | null) | undefined;
  /** What a ticket of these sites protects, from the current rating (cached: never waits); null before the first rating. */
  value?: ((siteIds: readonly number[], nowMs: number) => TicketMoney | null) | undefined;
}

/** Guards may look back at most this far (longer windows are refused when the policy loads). */
export const MAX_GUARD_WINDOW_MS = 24 * 3_600_000;

export interface HealStats {
  opened: number; resolved: number; escalated: number; actions: number; suppressedByCooldown: number; silenced: number; conflicts: number; flapDamped: number;
  proposed: number; approved: number; rejected: number; refusedByGuard: number; heldByMaintenance: number; folded: number;
}

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
  /** Runbooks run within MAX_GUARD_WINDOW_MS, oldest first: what the guards count. */
  private actions: ActionRecord[] = [];
  /** Tickets whose runbook a maintenance window holds, already noted in their timeline (noted once per window). */
  private readonly heldNoted = new Map<number, string>();
  readonly stats: HealStats = {
    opened: 0, resolved: 0, escalated: 0, actions: 0, suppressedByCooldown: 0, silenced: 0, conflicts: 0, flapDamped: 0,
    proposed: 0, approved: 0, rejected: 0, refusedByGuard: 0, heldByMaintenance: 0, folded: 0,
  };

  constructor(private readonly d: HealDeps) {}

  /** Loads tickets in flight (restart-safe: a ticket mid-remediation resumes where it was). */
  init(nowMs: number): Promise<void> {
    return this.serial(async () => {
      for (const t of await this.d.store.loadLive()) this.track(t);
      this.cooldown = await this.d.store.cooldowns(nowMs);
      this.flaps = await this.d.store.recentFlaps(nowMs - FLAP_WINDOW_MS, FLAP_SHORT_MS);
      this.actions = await this.d.store.actionsSince(nowMs - MAX_GUARD_WINDOW_MS);
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
    if (ACTIVE.has(t.state) || t.holdsGroup) {
      this.live.set(t.ticketId, t);
      if (t.holdsGroup) this.byGroup.set(t.groupKey, t.ticketId);
    } else {
      this.live.delete(t.ticketId);
      this.heldNoted.delete(t.ticketId);
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
    if (next.verdict === null) {
      const v = autoVerdict(next, actor);
      if (v) { next.verdict = v; next.verdictBy = 'automation'; }
    }
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
    // 1. Firing, unsilenced alerts open or join the ticket of their group. Transport-node alerts go first, so a site
    //    behind a node whose ticket opens this very minute is folded into it rather than opening its own.
    const firingNow = alerts.filter((a) => a.phase === 'firing')
      .sort((x, y) => Number(subjectOf(rules.get(y.ruleId)) === 'transport_node') - Number(subjectOf(rules.get(x.ruleId)) === 'transport_node'));
    for (const a of firingNow) {
      if (a.silenced) { this.stats.silenced++; continue; }
      const rule = rules.get(a.ruleId);
      const held = this.byGroup.get(a.groupKey);
      const node = subjectOf(rule) === 'site' ? this.nodeTicketOf(a.labels.transport_node_id) : undefined;
      if (node && (held === undefined || this.live.get(held)?.state === 'open')) {
        if (held !== undefined && held !== node.ticketId) await this.fold(this.live.get(held)!, node, nowMs);
        await this.attach(node.ticketId, a, nowMs, features, true);
        continue;
      }
      if (held !== undefined) { await this.attach(held, a, nowMs, features); continue; }
      const until = this.cooldown.get(a.groupKey);
      if (until !== undefined && nowMs < until) { this.stats.suppressedByCooldown++; continue; }
      // Kept as an alert (the rule engine still lists it), but a window in maintenance opens no ticket.
      if (this.d.maintenance?.(a.labels, rule?.action?.runbook ?? null, nowMs)) { this.stats.heldByMaintenance++; continue; }
      await this.open(a, rule, nowMs, features);
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
    const byNode = subjectOf(rule) === 'transport_node';
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
      ...TICKET_AUTONOMY_DEFAULTS, subject: byNode ? 'transport_node' : 'site', money: this.d.value?.([a.siteId], nowMs) ?? null,
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
      if (byNode) {
        // Topology inhibition: the site tickets behind this node that nobody is remediating yet become part of it.
        for (const s of [...this.live.values()]) {
          if (s.subject === 'site' && s.state === 'open' && s.transportNodeId === r.ticket.transportNodeId) await this.fold(s, this.live.get(r.ticket.ticketId)!, nowMs);
        }
      }
      return;
    }
    // Another evaluator (replica or concurrent tick) opened it first: adopt that ticket, never a second one.
    this.stats.conflicts++;
    if (r.existingTicketId !== null) {
      const existing = await this.d.store.get(r.existingTicketId);
      if (existing) { this.track(existing); await this.attach(existing.ticketId, a, nowMs, features); }
    }
  }

  private async attach(ticketId: number, a: AlertInstance, nowMs: number, features: ReadonlyMap<number, SiteFeatures>, inhibited = false): Promise<void> {
    const t = this.live.get(ticketId);
    if (!t) return;
    const known = t.siteIds.includes(a.siteId);
    const seenRules = new Set((t.labels.rules ?? t.labels.rule ?? '').split(',').filter(Boolean));
    if (known && seenRules.has(a.ruleId)) return;
    seenRules.add(a.ruleId);
    const siteIds = known ? t.siteIds : [...t.siteIds, a.siteId].sort((x, y) => x - y);
    const next: Ticket = {
      ...t, siteIds, labels: { ...t.labels, rules: [...seenRules].join(',') }, updatedAtMs: nowMs,
      money: known ? t.money : this.d.value?.(siteIds, nowMs) ?? t.money,
    };
    const site = a.labels.site_name ?? a.siteId;
    if (inhibited && !known) this.stats.folded++;
    await this.save(next, t.state, inhibited ? {
      atMs: nowMs, kind: 'inhibited', fromState: null, toState: null, actor: `rule:${a.ruleId}`,
      reason: `${a.ruleId} firing for ${site}, behind transport node ${t.transportNodeId}: folded into this node's ticket (no ticket of its own) — ${describeFeatures(features.get(a.siteId))}`,
      data: { siteId: a.siteId, ruleId: a.ruleId },
    } : {
      atMs: nowMs, kind: 'alert', fromState: null, toState: null, actor: `rule:${a.ruleId}`,
      reason: `${a.ruleId} firing for ${site} (grouped: ${a.groupKey}) — ${describeFeatures(features.get(a.siteId))}`, data: null,
    });
  }

  /** The active ticket of a transport node (labels carry the node id as text), if one is open. */
  private nodeTicketOf(node: string | undefined): Ticket | undefined {
    if (node === undefined) return undefined;
    for (const t of this.live.values()) {
      if (t.subject === 'transport_node' && String(t.transportNodeId) === node && t.holdsGroup && ACTIVE.has(t.state)) return t;
    }
    return undefined;
  }

  /** Folds a site ticket nobody is remediating into its node's ticket: one incident, stated in both timelines. */
  private async fold(site: Ticket, node: Ticket, nowMs: number): Promise<void> {
    const ok = await this.transition(site, 'resolved', nowMs, 'automation',
      `folded into ticket #${node.ticketId} (transport node ${node.transportNodeId} is degraded: the sites behind it are one incident)`,
      { foldedInto: node.ticketId, cooldownUntilMs: null });
    if (!ok) return;
    this.stats.folded++;
    const cur = this.live.get(node.ticketId) ?? node;
    const siteIds = [...new Set([...cur.siteIds, ...site.siteIds])].sort((x, y) => x - y);
    await this.save({ ...cur, siteIds, updatedAtMs: nowMs, money: this.d.value?.(siteIds, nowMs) ?? cur.money }, cur.state, {
      atMs: nowMs, kind: 'inhibited', fromState: null, toState: null, actor: 'automation',
      reason: `ticket #${site.ticketId} (${site.title}) folded into this one: its site is behind transport node ${cur.transportNodeId}`,
      data: { foldedTicketId: site.ticketId, siteIds: site.siteIds },
    });
  }

  private async advance(t: Ticket, group: readonly AlertInstance[], rules: ReadonlyMap<string, CompiledRule>, nowMs: number, features: ReadonlyMap<number, SiteFeatures>): Promise<void> {
    const firing = group.filter((a) => a.phase === 'firing');
    // Priced as soon as a rating exists: a ticket opened before the first rating gets its money on a later tick.
    if (t.money === null && this.d.value && ACTIVE.has(t.state)) {
      const money = this.d.value(t.siteIds, nowMs);
      if (money && await this.save({ ...t, money }, t.state, null)) t = this.live.get(t.ticketId) ?? { ...t, money };
    }
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
        if (t.proposal?.status === 'pending') {
          // A suggestion waits for a person; if the problem goes away first, the suggestion lapses with the ticket.
          if (!firing.length) {
            await this.transition(t, 'resolved', nowMs, `rule:${t.ruleId}`, `condition cleared before the suggested ${t.proposal.runbook} was approved or rejected`,
              { cooldownUntilMs: this.cooldownFor(t, rules, nowMs), proposal: { ...t.proposal, status: 'expired', decidedAtMs: nowMs } });
          }
          return;
        }
        const candidates = firing
          .filter((a) => !a.silenced)
          .map((a) => ({ a, rule: rules.get(a.ruleId) }))
          .filter((x): x is { a: AlertInstance; rule: CompiledRule } => !!x.rule?.action && x.rule.action.runbook !== 'notify')
          .sort((x, y) => y.rule.priority - x.rule.priority || x.a.activeSinceMs - y.a.activeSinceMs);
        const pick = candidates[0];
        if (pick) {
          const level = effectiveLevel(this.policy(), pick.rule, pick.rule.action!.runbook);
          if (level.level === 'auto') { await this.tryAct(t, pick.rule, paramsOf(pick.rule, pick.a), nowMs, features, pick.a.siteId, `rule:${pick.rule.id}`, level); return; }
          if (level.level === 'suggest') { await this.propose(t, pick.rule, pick.a, 'pending', level, nowMs, features); return; }
          // observe: the diagnosis goes into the timeline once; people take it from there.
          if (t.proposal === null) await this.propose(t, pick.rule, pick.a, 'observed', level, nowMs, features);
          t = this.live.get(t.ticketId) ?? t;
          if (t.state !== 'open') return;
        }
        if (!firing.length) {
          const until = this.cooldownFor(t, rules, nowMs, nowMs - t.openedAtMs <= FLAP_SHORT_MS);
          await this.transition(t, 'resolved', nowMs, `rule:${t.ruleId}`, `condition cleared before any runbook applied${this.flapNote(t.groupKey, nowMs)}`, { cooldownUntilMs: until });
          return;
        }
        const within = this.d.diagnoseWithinMs ?? 20 * 60_000;
        if (nowMs - t.openedAtMs >= within) {
          const why = t.proposal?.status === 'observed'
            ? `diagnosed by ${t.proposal.ruleId} (${t.proposal.runbook}) at autonomy level observe: automation does not act, the NOC takes it`
            : `no rule with a runbook matched the signature within ${Math.round(within / 60_000)} min`;
          await this.transition(t, 'escalated', nowMs, 'automation', `${why} — ${describeFeatures(features.get(t.siteIds[0]!))}`);
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

  private policy(): AutonomyPolicy { return this.d.policy?.() ?? OPEN_POLICY; }

  /** Records a diagnosis that automation will not run by itself: a suggestion for a person, or an observation. */
  private async propose(t: Ticket, rule: CompiledRule, a: AlertInstance, status: 'pending' | 'observed', level: LevelDecision, nowMs: number, features: ReadonlyMap<number, SiteFeatures>): Promise<void> {
    const runbook = rule.action!.runbook;
    const proposal: Proposal = { runbook, ruleId: rule.id, params: paramsOf(rule, a), atMs: nowMs, status, decidedBy: null, decidedAtMs: null, note: '' };
    const ask = status === 'pending' ? `suggests ${runbook}: waiting for a NOC engineer to approve or reject` : `would run ${runbook}; not run at autonomy level observe`;
    const ok = await this.save({ ...t, proposal, autonomy: level.level, severity: rule.severity, updatedAtMs: nowMs }, t.state, {
      atMs: nowMs, kind: 'proposal', fromState: null, toState: null, actor: `rule:${rule.id}`,
      reason: `diagnosed by ${rule.id} (${rule.description || rule.when}); ${ask} [${level.why}] — ${describeFeatures(features.get(a.siteId))}`,
      data: { runbook, params: proposal.params, level: level.level, status },
    });
    if (ok && status === 'pending') this.stats.proposed++;
  }

  /**
   * Runs a runbook if nothing holds it back: a maintenance window (the ticket waits, noted once) or a guard (the
   * refusal is recorded with the guard that refused, and the ticket goes to people).
   */
  private async tryAct(t: Ticket, rule: CompiledRule, params: Record<string, string>, nowMs: number, features: ReadonlyMap<number, SiteFeatures>,
    siteId: number, actor: string, level: LevelDecision | null, approvedBy: string | null = null): Promise<void> {
    const runbook = rule.action!.runbook;
    const held = this.d.maintenance?.(t.labels, runbook, nowMs);
    if (held) {
      if (this.heldNoted.get(t.ticketId) !== held.id) {
        this.heldNoted.set(t.ticketId, held.id);
        this.stats.heldByMaintenance++;
        await this.save({ ...t, updatedAtMs: nowMs }, t.state, {
          atMs: nowMs, kind: 'maintenance', fromState: null, toState: null, actor: 'automation',
          reason: `${runbook} held: maintenance window "${held.name}" until ${new Date(held.endsMs).toISOString()} (no runbook runs inside it)`, data: { windowId: held.id, runbook },
        });
      }
      return;
    }
    const planned = { runbook, siteIds: t.siteIds, transportNodeId: t.transportNodeId, atMs: nowMs };
    const guard = checkGuards(this.policy(), planned, this.actions);
    if (!guard.ok) {
      this.stats.refusedByGuard++;
      const cur = { ...t, autonomy: level?.level ?? t.autonomy, updatedAtMs: nowMs };
      const ok = await this.save(cur, t.state, { atMs: nowMs, kind: 'guard', fromState: null, toState: null, actor: 'guard', reason: `${runbook} refused — ${guard.reason}`, data: guard.data });
      if (ok) await this.transition(this.live.get(t.ticketId) ?? cur, 'escalated', nowMs, 'guard', `action refused by guard ${guard.guardId}: the NOC takes it — ${describeFeatures(features.get(siteId))}`);
      return;
    }
    const how = approvedBy ? `approved by ${approvedBy}` : `diagnosed by ${rule.id} (${rule.description || rule.when})`;
    const ok = await this.transition(t, 'acting', nowMs, actor,
      `${how}; running ${runbook}${level ? ` [${level.why}]` : ''} — ${describeFeatures(features.get(siteId))}`,
      { runbook, runbookRuleId: rule.id, actionParams: params, actedAtMs: nowMs, actionDone: false, severity: rule.severity, autonomy: level?.level ?? t.autonomy },
      { runbook, params });
    if (!ok) return;
    this.actions.push({ ticketId: t.ticketId, atMs: nowMs, runbook, siteIds: [...t.siteIds], transportNodeId: t.transportNodeId });
    while (this.actions.length && this.actions[0]!.atMs <= nowMs - MAX_GUARD_WINDOW_MS) this.actions.shift();
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

  /** A NOC engineer approves a suggested runbook: it runs now (guards and maintenance windows still apply), then is verified. */
  approve(ticketId: number, user: string, note: string, nowMs: number, features: ReadonlyMap<number, SiteFeatures> = new Map()): Promise<Ticket> {
    return this.serial(async () => {
      const t = await this.mustGet(ticketId);
      const p = t.proposal;
      if (t.state !== 'open' || p?.status !== 'pending') throw new InvalidRequestError(`ticket ${ticketId} has no suggestion waiting for approval`);
      const rule = this.d.rules().get(p.ruleId);
      if (!rule?.action || rule.action.runbook !== p.runbook) throw new InvalidRequestError(`rule ${p.ruleId} no longer proposes ${p.runbook}; reject the suggestion instead`);
      const held = this.d.maintenance?.(t.labels, p.runbook, nowMs);
      if (held) throw new InvalidRequestError(`a maintenance window ("${held.name}", until ${new Date(held.endsMs).toISOString()}) holds ${p.runbook} for this ticket; approve after it ends`);
      const approved: Ticket = { ...t, proposal: { ...p, status: 'approved', decidedBy: user, decidedAtMs: nowMs, note }, updatedAtMs: nowMs };
      const ok = await this.save(approved, 'open', {
        atMs: nowMs, kind: 'approval', fromState: null, toState: null, actor: `user:${user}`,
        reason: `approved ${p.runbook} as proposed by ${p.ruleId}${note ? `: ${note}` : ''}`, data: { runbook: p.runbook, params: p.params },
      });
      if (!ok) throw new InvalidRequestError(`ticket ${ticketId} changed meanwhile; retry`);
      this.stats.approved++;
      await this.tryAct(this.live.get(ticketId) ?? approved, rule, p.params, nowMs, features, t.siteIds[0]!, `user:${user}`, null, user);
      return (await this.d.store.get(ticketId))!;
    });
  }

  /** A NOC engineer rejects a suggested runbook: nothing runs, and the ticket is theirs (escalated). */
  reject(ticketId: number, user: string, note: string, nowMs: number): Promise<Ticket> {
    return this.serial(async () => {
      const t = await this.mustGet(ticketId);
      const p = t.proposal;
      if (t.state !== 'open' || p?.status !== 'pending') throw new InvalidRequestError(`ticket ${ticketId} has no suggestion waiting for approval`);
      const rejected: Ticket = { ...t, proposal: { ...p, status: 'rejected', decidedBy: user, decidedAtMs: nowMs, note }, updatedAtMs: nowMs };
      const ok = await this.save(rejected, 'open', {
        atMs: nowMs, kind: 'rejection', fromState: null, toState: null, actor: `user:${user}`,
        reason: `rejected ${p.runbook} proposed by ${p.ruleId}${note ? `: ${note}` : ''}`, data: { runbook: p.runbook },
      });
      if (!ok) throw new InvalidRequestError(`ticket ${ticketId} changed meanwhile; retry`);
      this.stats.rejected++;
      await this.transition(this.live.get(ticketId) ?? rejected, 'escalated', nowMs, `user:${user}`, `suggestion rejected: the NOC handles it by hand`);
      return (await this.d.store.get(ticketId))!;
    });
  }

  /** A person says whether the ticket was about a real problem (overrides automation's judgement; the ledger counts it). */
  setVerdict(ticketId: number, verdict: Verdict, user: string, note: string, nowMs: number): Promise<Ticket> {
    return this.serial(async () => {
      const t = await this.mustGet(ticketId);
      const next = { ...t, verdict, verdictBy: `user:${user}`, updatedAtMs: nowMs };
      const ok = await this.save(next, t.state, {
        atMs: nowMs, kind: 'verdict', fromState: null, toState: null, actor: `user:${user}`,
        reason: `${verdict === 'true' ? 'a real problem' : 'a false ticket'}${note ? `: ${note}` : ''}${t.verdict ? ` (was ${t.verdict} by ${t.verdictBy})` : ''}`, data: { verdict, previous: t.verdict },
      });
      if (!ok) throw new InvalidRequestError(`ticket ${ticketId} changed meanwhile; retry`);
      return next;
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

const ACTIVE: ReadonlySet<TicketState> = new Set(ACTIVE_TICKET_STATES);

/** A rule grouping by transport node (and not by site) makes node tickets; every other rule makes site tickets. */
export function subjectOf(rule: Pick<CompiledRule, 'groupBy'> | undefined): Ticket['subject'] {
  return rule?.groupBy.includes('transport_node_id') && !rule.groupBy.includes('site_id') ? 'transport_node' : 'site';
}

function paramsOf(rule: CompiledRule, a: AlertInstance): Record<string, string> {
  return Object.fromEntries(Object.entries(rule.action!.params).map(([k, v]) => [k, fillTemplate(v, a.labels)]));
}

/**
 * What the loop itself can tell about a closing ticket: a breach, or a runbook the verifier saw work, make it real; an
 * alert that came and went within FLAP_SHORT_MS with nothing run and no breach makes it false. Folded, rejected and
 * escalated tickets stay unjudged until a person says.
 */
export function autoVerdict(t: Ticket, actor: string): Verdict | null {
  if (t.foldedInto !== null) return null;
  if (t.firstBreachAtMs !== null) return 'true';
  if (t.state === 'resolved' && actor === 'verifier') return 'true';
  if (t.state === 'resolved' && !t.actionDone && t.runbook === null && actor.startsWith('rule:') && t.closedAtMs !== null
    && t.closedAtMs - t.openedAtMs <= FLAP_SHORT_MS) return 'false';
  return null;
}

function pickFeatures(f: SiteFeatures): Record<string, number | string | boolean> {
  const { alarm_causes: _a, ...rest } = f;
  return rest;
}
