// Pure wording of tickets for the views, in the user's language: lead time, actors, timeline event labels, site lists.
import type { Ticket, TicketEvent } from '../../../schema/automation.js';
import type { Formatters } from '../../i18n/formatters.js';
import type { Translate } from '../../i18n/messages.js';
import type { AutomationMessages } from './automationMessages.js';
import type { Tone, Vocabulary } from './ticketVocabulary.js';

type T = Translate<AutomationMessages>;

export function minutesBetween(a: number, b: number): number { return Math.round((b - a) / 60_000); }

export type LeadKind = 'before' | 'after' | 'prevented' | 'predicted' | 'none';

/** What the NOC cares about: was the ticket opened before users felt it? (minutes; null where no time applies) */
export function leadTime(t: Pick<Ticket, 'openedAtMs' | 'firstBreachAtMs' | 'state' | 'predictedBreachAtMs'>, nowMs: number): { kind: LeadKind; minutes: number | null; tone: Tone } {
  if (t.firstBreachAtMs !== null) {
    const lead = minutesBetween(t.openedAtMs, t.firstBreachAtMs);
    return lead > 0 ? { kind: 'before', minutes: lead, tone: lead >= 10 ? 'ok' : 'warn' } : { kind: 'after', minutes: -lead, tone: 'bad' };
  }
  if (t.state === 'resolved') return { kind: 'prevented', minutes: null, tone: 'ok' };
  if (t.predictedBreachAtMs !== null && t.predictedBreachAtMs > nowMs) return { kind: 'predicted', minutes: minutesBetween(nowMs, t.predictedBreachAtMs), tone: 'warn' };
  return { kind: 'none', minutes: null, tone: 'muted' };
}

/** The lead time as a sentence (the ticket) or short (the list's column, whose header says what it is). */
export function leadTimeText(tr: T, fmt: Formatters, t: Parameters<typeof leadTime>[0], nowMs: number, short = false): { text: string; tone: Tone } {
  const l = leadTime(t, nowMs);
  const d = l.minutes === null ? '' : fmt.duration(l.minutes * 60);
  return { text: tr(`${short ? 'leadShort' : 'lead'}.${l.kind}`, { d }), tone: l.tone };
}

/** 'rule:<id>', 'user:<name>', 'controller', 'verifier', 'automation' as the reader says them. */
export function actorLabel(tr: T, actor: string): string {
  const i = actor.indexOf(':');
  const kind = i < 0 ? actor : actor.slice(0, i);
  const name = i < 0 ? '' : actor.slice(i + 1);
  if (kind === 'rule') return tr('actor.rule', { id: name });
  if (kind === 'user') return name || actor;
  if (kind === 'controller' || kind === 'verifier' || kind === 'automation') return tr(`actor.${kind}`);
  return actor;
}

/** The timeline's label of an event other than a transition (those are drawn as from → to). */
export function eventLabel(tr: T, vocab: Vocabulary, e: Pick<TicketEvent, 'kind' | 'data'>): string {
  const d = e.data ?? {};
  const runbook = typeof d.runbook === 'string' ? d.runbook : '';
  switch (e.kind) {
    case 'proposal': return tr(d.status === 'observed' ? 'event.observed' : 'event.suggested', { runbook }).trim();
    case 'approval': return tr('event.approved', { runbook }).trim();
    case 'rejection': return tr('event.rejected', { runbook }).trim();
    case 'guard': return tr('event.guard', { guard: typeof d.guard === 'string' ? d.guard : '' }).trim();
    case 'maintenance': return tr('event.maintenance');
    case 'inhibited': return typeof d.foldedTicketId === 'number' ? tr('event.foldedIn', { id: d.foldedTicketId }) : tr('event.foldedInAny');
    case 'verdict': return tr('event.verdict', { verdict: vocab.verdict(d.verdict === 'false' ? 'false' : 'true').label });
    case 'alert': case 'action': case 'comment': case 'acknowledge': case 'breach': case 'released': return tr(`event.${e.kind}`);
    default: return e.kind;
  }
}

/** "4, 5, 6 +3": the first few site ids of a ticket, and how many more. */
export function siteList(tr: T, ids: readonly number[], max = 3): string {
  return ids.length > max ? tr('list.moreSites', { ids: ids.slice(0, max).join(', '), n: ids.length - max }) : ids.join(', ');
}
