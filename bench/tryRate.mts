import { rateLake } from '../pipelines/rating/rateLake.js';
const t0 = Date.now();
const r = await rateLake({ lakeDir: process.argv[2]!, range: { fromMs: Date.parse('2026-10-25'), toMs: Date.parse('2026-11-01') }, nowMs: Date.parse('2026-11-01') - 1 });
const byTier = new Map<number, number>();
for (const x of r.revenueDay) byTier.set(x.tier_id, (byTier.get(x.tier_id) ?? 0) + x.revenue_fen);
console.log(Date.now() - t0, 'ms', r.revenueDay.length, r.modelDay.length, r.quotaBurn.length, r.usageRows, r.errors, [...byTier]);
console.log(r.modelDay.reduce((s, x) => s + x.revenue_fen, 0), r.revenueDay.reduce((s, x) => s + x.revenue_fen, 0), r.accountDays.fen.reduce((a, b) => a + b, 0));
console.log(r.quotaBurn.filter((q) => q.expected_overage_fen > 0).length, r.quotaBurn.filter((q) => q.runout_day !== null).length);
