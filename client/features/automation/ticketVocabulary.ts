// The one status vocabulary of the automation page: each ticket state, severity, autonomy level, verdict and
// suggestion status has one label (automationMessages) and one colour (a theme variable), used by the list, the
// timeline, every badge and the chart's marks and legend.
import { useMemo } from 'react';
import type { TicketState } from '../../../schema/automation.js';
import type { AutonomyLevel, ProposalStatus, Verdict } from '../../../schema/autonomy.js';
import type { Severity } from '../../../schema/tables.js';
import { useMessages } from '../../i18n/I18nProvider.js';
import type { Translate } from '../../i18n/messages.js';
import { AUTOMATION_MESSAGES, type AutomationMessages } from './automationMessages.js';

export type Tone = 'ok' | 'warn' | 'bad' | 'accent' | 'progress' | 'muted' | 'maintenance';

/**
 * Colours from the theme's variables only, so both themes keep their contrast. `progress` (verifying: acted, not yet
 * confirmed) sits between acting (accent) and resolved (ok); a colour-mix of two AA colours stays AA.
 */
export const TONE_COLOR: Readonly<Record<Tone, string>> = {
  ok: 'var(--ok)',
  warn: 'var(--warn)',
  bad: 'var(--bad)',
  accent: 'var(--accent)',
  progress: 'color-mix(in srgb, var(--accent) 50%, var(--ok))',
  muted: 'var(--muted)',
  // Violet marks maintenance on every page (the NOC map's ring too): between accent and bad.
  maintenance: 'color-mix(in srgb, var(--accent) 50%, var(--bad))',
};

/** open waits for people or a diagnosis (amber), acting / verifying are automation at work, resolved ok, escalated bad. */
export const TICKET_STATE_TONE: Readonly<Record<TicketState, Tone>> = {
  open: 'warn', acting: 'accent', verifying: 'progress', resolved: 'ok', escalated: 'bad',
};
export const SEVERITY_TONE: Readonly<Record<Severity, Tone>> = { critical: 'bad', major: 'warn', minor: 'accent', warning: 'muted' };
/** suggest is amber like a suggestion awaiting approval: it is the level that needs a person. */
export const LEVEL_TONE: Readonly<Record<AutonomyLevel, Tone>> = { observe: 'muted', suggest: 'warn', auto: 'accent' };
export const VERDICT_TONE: Readonly<Record<Verdict | 'none', Tone>> = { true: 'ok', false: 'bad', none: 'muted' };
export const PROPOSAL_TONE: Readonly<Record<ProposalStatus, Tone>> = { pending: 'warn', approved: 'ok', rejected: 'bad', expired: 'muted', observed: 'muted' };

export interface Term { label: string; tone: Tone; color: string }

export interface Vocabulary {
  state(s: TicketState): Term;
  severity(s: Severity): Term;
  level(l: AutonomyLevel): Term;
  verdict(v: Verdict | null): Term;
  proposal(p: ProposalStatus): Term;
}

const term = (label: string, tone: Tone): Term => ({ label, tone, color: TONE_COLOR[tone] });

export function vocabulary(t: Translate<AutomationMessages>): Vocabulary {
  return {
    state: (s) => term(t(`state.${s}`), TICKET_STATE_TONE[s]),
    severity: (s) => term(t(`severity.${s}`), SEVERITY_TONE[s]),
    level: (l) => term(t(`level.${l}`), LEVEL_TONE[l]),
    verdict: (v) => term(t(`verdict.${v ?? 'none'}`), VERDICT_TONE[v ?? 'none']),
    proposal: (p) => term(t(`proposal.${p}`), PROPOSAL_TONE[p]),
  };
}

export function useVocabulary(): Vocabulary {
  const t = useMessages(AUTOMATION_MESSAGES);
  return useMemo(() => vocabulary(t), [t]);
}
