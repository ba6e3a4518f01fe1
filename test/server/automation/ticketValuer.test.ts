// Ticket pricing never waits: null until the first rating, then per-site revenue per hour and credits from one snapshot.
import { describe, expect, it } from 'vitest';
import { TicketValuer } from '../../../server/automation/ticketValuer.js';
import type { SiteExposure } from '../../../server/noc/nocService.js';

describe('ticket valuer', () => {
  it('answers null before the first rating, then sums the sites of a ticket from the trailing day', async () => {
    let rated = false;
    const windows: Array<{ fromMs: number; toMs: number }> = [];
    const noc = {
      exposure: async (w: { fromMs: number; toMs: number }) => {
        windows.push(w);
        const bySite = new Map<number, SiteExposure>([[1, { revenueFen: 24_000, creditsAtStakeFen: 990 }], [2, { revenueFen: 4_800, creditsAtStakeFen: 10 }]]);
        return rated ? { bySite, rating: { version: 4, asOfMs: 0 } } : { bySite: new Map(), rating: null };
      },
    };
    const v = new TicketValuer({ noc, now: () => 86_400_000 * 10 });
    expect(v.value([1])).toBeNull();
    await v.refresh();
    expect(v.value([1])).toBeNull();
    rated = true;
    await v.refresh();
    // 24,000 fen over 24 h = 1,000 fen/h; a site counted once however often it is named; unknown sites add nothing.
    expect(v.value([1, 1, 9])).toEqual({ revenueAtRiskFenPerHour: 1_000, creditsAtStakeFen: 990, ratingVersion: 4 });
    expect(v.value([1, 2])).toEqual({ revenueAtRiskFenPerHour: 1_200, creditsAtStakeFen: 1_000, ratingVersion: 4 });
    expect(windows.at(-1)).toEqual({ fromMs: 86_400_000 * 9, toMs: 86_400_000 * 10 });
  });
});
