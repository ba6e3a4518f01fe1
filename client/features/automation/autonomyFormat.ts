// Pure formatting of the autonomy side of tickets for the views: money, suggestions awaiting approval, verdicts, the brake.
import type { Ticket, TicketEvent } from '../../../schema/automation.js';
import type { AutonomyMix, BrakeState } from '../../../schema/autonomy.js';
import { formatFen } from '../../../domain/money/formatMoney.js';
import { actorLabel, formatTime } from './ticketFormat.js';

/** "¥1,234.56/h"; "—" when the ticket was opened before any rating existed. */
export function formatFenPerHour(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? '—' : `${formatFen(fen)}/h`;
}

/** The suggestion a NOC engineer must decide on, or null when nothing waits. */
export function awaitingApproval(t: Pick<Ticket, 'state' | 'proposal'>): string | null {
  return t.state === 'open' && t.proposal?.status === 'pending' ? t.proposal.runbook : null;
}

export function verdictText(t: Pick<Ticket, 'verdict' | 'verdictBy'>): { text: string; tone: 'good' | 'bad' | 'muted' } {
  if (t.verdict === null) return { text: 'unjudged', tone: 'muted' };
  const by = t.verdictBy === null ? '' : ` (${t.verdictBy === 'automation' ? 'automation' : actorLabel(t.verdictBy)})`;
  return t.verdict === 'true' ? { text: `real problem${by}`, tone: 'good' } : { text: `false ticket${by}`, tone: 'bad' };
}

/** Who pulled the brake, when and why: "by admin at 01-02 02:34Z: core upgrade" (parts unknown are left out). */
export function brakeOrigin(b: BrakeState): string {
  const who = b.by ? `by ${b.by.startsWith('user:') ? actorLabel(b.by) : b.by}` : '';
  const when = b.atMs !== null ? `at ${formatTime(b.atMs)}` : '';
  const head = [who, when].filter(Boolean).join(' ');
  return b.reason ? (head ? `${head}: ${b.reason}` : b.reason) : head;
}

/** The banner's sentence for a brake that is on. */
export function brakeSentence(b: BrakeState): string {
  const origin = brakeOrigin(b);
  return `Brake on: every rule suggests at most${origin ? ` — ${origin}` : ''}`;
}

/** "83 %" of approved / decided suggestions; "—" before any decision. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)} %`;
}

/** How many diagnoses ran at each level in the mix (observe tickets, suggestions, automatic actions). */
export function mixShares(m: AutonomyMix): { observe: number; suggest: number; auto: number; total: number } {
  const total = m.observe.tickets + m.suggest.proposed + m.auto.actions;
  return { observe: m.observe.tickets, suggest: m.suggest.proposed, auto: m.auto.actions, total };
}

/** The timeline's short label of an event (transitions are drawn apart: from -> to). */
export function eventLabel(e: Pick<TicketEvent, 'kind' | 'data'>): string {
  const d = e.data ?? {};
  const runbook = typeof d.runbook === 'string' ? d.runbook : null;
  switch (e.kind) {
    case 'proposal': return d.status === 'observed' ? `observed ${runbook ?? ''}`.trim() : `suggested ${runbook ?? ''}`.trim();
    case 'approval': return `approved ${runbook ?? ''}`.trim();
    case 'rejection': return `rejected ${runbook ?? ''}`.trim();
    case 'guard': return `refused by guard ${typeof d.guard === 'string' ? d.guard : ''}`.trim();
    case 'maintenance': return 'maintenance hold';
    case 'inhibited': return typeof d.foldedTicketId === 'number' ? `folded #${d.foldedTicketId} in` : 'folded in';
    case 'verdict': return d.verdict === 'false' ? 'verdict: false ticket' : 'verdict: real problem';
    default: return e.kind;
  }
}

/** A guard's window: "15 min", "1 h", "1 h 30 min". */
export function formatWindow(ms: number): string {
  const min = Math.round(ms / 60_000);
  const h = Math.floor(min / 60), m = min % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** Sorted comma-separated ids from a text field ("3, 12 7" -> [3, 7, 12]); null when something is not an id. */
export function parseIdList(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.some((p) => !/^\d{1,9}$/.test(p))) return null;
  return [...new Set(parts.map(Number))].sort((a, b) => a - b);
}
