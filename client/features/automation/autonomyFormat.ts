// Pure parts of the autonomy views: suggestions awaiting approval, verdict wording, who pulled the brake, the mix's
// shares and the blocklist's id parsing.
import type { Ticket } from '../../../schema/automation.js';
import type { AutonomyMix, BrakeState } from '../../../schema/autonomy.js';
import type { Translate } from '../../i18n/messages.js';
import type { AutomationMessages } from './automationMessages.js';
import { actorLabel } from './ticketFormat.js';
import type { Tone, Vocabulary } from './ticketVocabulary.js';

/** The suggestion a NOC engineer must decide on, or null when nothing waits. */
export function awaitingApproval(t: Pick<Ticket, 'state' | 'proposal'>): string | null {
  return t.state === 'open' && t.proposal?.status === 'pending' ? t.proposal.runbook : null;
}

/** The verdict and who gave it: "real problem (automation)", "false ticket (li.wei)", "unjudged". */
export function verdictText(tr: Translate<AutomationMessages>, vocab: Vocabulary, t: Pick<Ticket, 'verdict' | 'verdictBy'>): { text: string; tone: Tone } {
  const term = vocab.verdict(t.verdict);
  if (t.verdict === null || t.verdictBy === null) return { text: term.label, tone: term.tone };
  return { text: tr('verdict.by', { verdict: term.label, by: actorLabel(tr, t.verdictBy) }), tone: term.tone };
}

/** Who pulled the brake (a person's name, or what did, e.g. "policy file"), when and why; null where unknown. */
export function brakeOrigin(tr: Translate<AutomationMessages>, b: BrakeState): { by: string | null; atMs: number | null; reason: string | null } {
  return { by: b.by ? (b.by.startsWith('user:') ? actorLabel(tr, b.by) : b.by) : null, atMs: b.atMs, reason: b.reason || null };
}

/** How many diagnoses ran at each level in the mix (observe tickets, suggestions, automatic actions). */
export function mixShares(m: AutonomyMix): { observe: number; suggest: number; auto: number; total: number } {
  const total = m.observe.tickets + m.suggest.proposed + m.auto.actions;
  return { observe: m.observe.tickets, suggest: m.suggest.proposed, auto: m.auto.actions, total };
}

/** Sorted comma-separated ids from a text field ("3, 12 7" -> [3, 7, 12]); null when something is not an id. */
export function parseIdList(text: string): number[] | null {
  const parts = text.split(/[\s,;，、]+/).filter(Boolean);
  if (parts.some((p) => !/^\d{1,9}$/.test(p))) return null;
  return [...new Set(parts.map(Number))].sort((a, b) => a - b);
}
