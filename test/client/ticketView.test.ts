// The automation page's view in the URL: tab, open ticket, filters, sort and rule read back as written; values from a
// hand-edited or old link that are not valid read as none; a row's link opens the ticket in the same view.
import { describe, expect, it } from 'vitest';
import { AUTOMATION_VIEW, ticketHash, type AutomationView } from '../../client/features/automation/automationView.js';

const read = (q: string) => AUTOMATION_VIEW.read(new URLSearchParams(q));

describe('AUTOMATION_VIEW', () => {
  it('defaults to the ticket list, newest first, nothing open', () => {
    expect(read('')).toEqual({ tab: 'tickets', ticket: null, states: [], severities: [], site: null, sort: 'time', rule: null });
  });
  it('round-trips a full view, writing lists in their canonical order', () => {
    const v: AutomationView = { tab: 'autonomy', ticket: 12, states: ['escalated', 'open'], severities: ['critical'], site: 0, sort: 'money', rule: 'baseband-fault' };
    const p = new URLSearchParams('keep=1');
    AUTOMATION_VIEW.write(v, p);
    expect(p.toString()).toBe('keep=1&tab=autonomy&ticket=12&state=open%2Cescalated&sev=critical&site=0&sort=money&rule=baseband-fault');
    expect(read(p.toString())).toEqual({ ...v, states: ['open', 'escalated'] });
  });
  it('ignores what is not valid: unknown states, a negative site, ticket 0, an unknown tab', () => {
    expect(read('tab=nope&ticket=0&state=open,closed&sev=huge&site=-4&sort=random')).toEqual({
      tab: 'tickets', ticket: null, states: ['open'], severities: [], site: null, sort: 'time', rule: null,
    });
  });
});

describe('ticketHash', () => {
  it('keeps the filters, opens the ticket on the tickets tab', () => {
    expect(ticketHash('#/automation?state=open&tab=rules&ticket=3', 9)).toBe('#/automation?state=open&ticket=9');
    expect(ticketHash('#/automation', 4)).toBe('#/automation?ticket=4');
    expect(ticketHash('', 4)).toBe('#/automation?ticket=4');
  });
});
