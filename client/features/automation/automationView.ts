// The automation page's view in the URL (#/automation?tab=…&ticket=…&state=…&sev=…&site=…&sort=…&rule=…): the tab,
// the open ticket, the list's filters and sort and the rule being edited, so back/forward and a shared link restore it.
import { TICKET_STATES, type TicketState } from '../../../schema/automation.js';
import { SEVERITIES, type Severity } from '../../../schema/tables.js';
import { param, type ParamCodec } from '../../app/hashRoute.js';

export const AUTOMATION_TABS = ['tickets', 'rules', 'maintenance', 'autonomy'] as const;
export type AutomationTab = (typeof AUTOMATION_TABS)[number];

/** 'time': newest first; 'money': revenue at risk per hour, then credits at stake (the server sorts). */
export const TICKET_SORTS = ['time', 'money'] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

export interface TicketFilters { states: TicketState[]; severities: Severity[]; siteId: number | null }

// (a type, not an interface: param.object needs an index-compatible record)
export type AutomationView = {
  tab: AutomationTab;
  /** The open ticket (null: none). */
  ticket: number | null;
  states: TicketState[];
  severities: Severity[];
  site: number | null;
  sort: TicketSort;
  /** The rule open in the editor. */
  rule: string | null;
};

/** A comma-separated list of known values (unknown ones, say from an old link, are ignored), in the canonical order. */
function listOf<const V extends string>(key: string, values: readonly V[]): ParamCodec<V[]> {
  const raw = param.list(key);
  return {
    read: (p) => { const got = new Set(raw.read(p)); return values.filter((v) => got.has(v)); },
    write: (v, p) => raw.write(values.filter((x) => v.includes(x)), p),
  };
}

/** An integer at least `min`, or null (a negative site or ticket id from a hand-edited URL reads as none). */
function intAtLeast(key: string, min: number): ParamCodec<number | null> {
  const raw = param.int(key);
  return { read: (p) => { const n = raw.read(p); return n !== null && n >= min ? n : null; }, write: (v, p) => raw.write(v, p) };
}

export const AUTOMATION_VIEW: ParamCodec<AutomationView> = param.object<AutomationView>({
  tab: param.oneOf('tab', AUTOMATION_TABS, 'tickets'),
  ticket: intAtLeast('ticket', 1),
  states: listOf('state', TICKET_STATES),
  severities: listOf('sev', SEVERITIES),
  site: intAtLeast('site', 0),
  sort: param.oneOf('sort', TICKET_SORTS, 'time'),
  rule: param.text('rule'),
});

export function filtersOf(v: AutomationView): TicketFilters {
  return { states: v.states, severities: v.severities, siteId: v.site };
}

/** The hash of the same view with another ticket open (a row's link: opens in a new tab too). */
export function ticketHash(currentHash: string, ticketId: number): string {
  const i = currentHash.indexOf('?');
  const path = i < 0 ? currentHash || '#/automation' : currentHash.slice(0, i);
  const params = new URLSearchParams(i < 0 ? '' : currentHash.slice(i + 1));
  params.set('ticket', String(ticketId));
  params.delete('tab');
  return `${path}?${params.toString()}`;
}
