// Pins the ticket chart's event labels: events close together share one label, labels that would overlap move to
// another row above the plot or are left out (never printed over each other), Chinese labels are measured wider.
import { describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../schema/automation.js';
import { chartMarks, estimateLabelPx, LABEL_ROWS } from '../../client/features/automation/TicketKpiChart.js';

const MIN = 60_000;
const ev = (eventId: number, atMin: number, kind: TicketEvent['kind'], toState: TicketEvent['toState'] = null): TicketEvent =>
  ({ eventId, ticketId: 1, atMs: atMin * MIN, kind, fromState: null, toState, actor: 'automation', reason: '', data: null });

describe('chartMarks', () => {
  it('joins the breach, approval and the transitions of one minute; marks far apart stay apart', () => {
    // A 100-minute chart: 3 % is 3 minutes.
    const marks = chartMarks([
      ev(1, 2, 'transition', 'open'), ev(2, 3, 'alert'), ev(3, 50, 'breach'), ev(4, 50, 'approval'), ev(5, 50, 'transition', 'acting'),
      ev(6, 52, 'transition', 'verifying'), ev(7, 95, 'transition', 'resolved'),
    ], 0, 100 * MIN);
    expect(marks.map((m) => [m.t.getTime() / MIN, m.label, m.anchor, m.row, m.kind])).toEqual([
      [2, 'open', 'start', 0, 'open'], [50, 'breach · approved · acting · verifying', 'middle', 0, 'verifying'], [95, 'resolved', 'end', 0, 'resolved'],
    ]);
  });
  it('puts a label that would overlap the one before it on the next row', () => {
    // 700 px for 100 minutes: 'breach' at minute 40 (~40 px wide, centred at 280 px) and the approval group at minute 45
    // (~170 px wide, centred at 315 px) would overlap; 'resolved' at minute 80 is clear of both.
    const marks = chartMarks([
      ev(1, 40, 'breach'), ev(2, 45, 'approval'), ev(3, 45, 'transition', 'acting'), ev(4, 45, 'transition', 'verifying'), ev(5, 80, 'transition', 'resolved'),
    ], 0, 100 * MIN, 700);
    expect(marks.map((m) => [m.label, m.row])).toEqual([['breach', 0], ['approved · acting · verifying', 1], ['resolved', 0]]);
  });
  it('leaves a label out when every row is taken where it would go', () => {
    // Four labels 4 % apart on a 200 px chart: each ~40 px wide, 8 px apart.
    const marks = chartMarks([ev(1, 40, 'breach'), ev(2, 44, 'transition', 'acting'), ev(3, 48, 'transition', 'verifying'), ev(4, 52, 'transition', 'resolved')], 0, 100 * MIN, 200);
    expect(marks.map((m) => m.row)).toEqual([0, 1, 2, null]);
    expect(LABEL_ROWS).toBe(3);
  });
  it('uses the labels it is given (the UI language) and measures Chinese wider', () => {
    const zh: Record<string, string> = { open: '待处理', breach: '违约' };
    const marks = chartMarks([ev(1, 10, 'transition', 'open'), ev(2, 60, 'breach')], 0, 100 * MIN, 700, (k) => zh[k] ?? k);
    expect(marks.map((m) => m.label)).toEqual(['待处理', '违约']);
    expect(estimateLabelPx('待处理')).toBe(30);
    expect(estimateLabelPx('open')).toBeCloseTo(22.4);
  });
});
