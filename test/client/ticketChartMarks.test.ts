// Pins the ticket chart's event labels: events close together share one label instead of printing over each other.
import { describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../schema/automation.js';
import { chartMarks } from '../../client/features/automation/TicketKpiChart.js';

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
    expect(marks.map((m) => [m.t.getTime() / MIN, m.label, m.anchor, m.row])).toEqual([
      [2, 'open', 'start', 0], [50, 'breach · approved · acting · verifying', 'middle', 0], [95, 'resolved', 'end', 0],
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
});
