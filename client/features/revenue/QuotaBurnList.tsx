// Quota burn-down: accounts forecast to run out of included tokens this period, with expected overage revenue (upsell targets).
import type { QuotaBurnViewRow, UpsellSummaryRow } from './revenueQueries.js';
import { formatFen } from '../../../domain/money/formatMoney.js';
import { formatTokens } from '../../ui/formatNumbers.js';
import { CsvButton } from './CsvButton.js';

const day = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString().slice(0, 10));

export function QuotaBurnList({ rows, summary, tierNames }: { rows: readonly QuotaBurnViewRow[]; summary: UpsellSummaryRow | null; tierNames: Readonly<Record<number, string>> }) {
  return (
    <section className="panel">
      <h2>Quota burn-down · upsell targets <CsvButton name="quota-burn" rows={rows} /></h2>
      <p className="muted small" data-testid="upsell-summary">
        {summary ? `${summary.accounts} accounts forecast to exceed quota this period · expected overage ${formatFen(summary.expectedOverageFen)}` : '—'}
      </p>
      <div className="table-scroll">
        <table className="data" data-testid="quota-burn-table">
          <thead><tr><th>account</th><th>tier</th><th>province</th><th className="r">used / quota</th><th className="r">tokens/day</th><th>runs out</th><th className="r">expected overage</th></tr></thead>
          <tbody>{rows.map((r) => (
            <tr key={r.accountId} className={r.runoutDayMs !== null ? 'upsell' : ''}>
              <td className="num">{r.accountId}</td>
              <td>{tierNames[r.tierId] ?? r.tierId}</td>
              <td>{r.province}</td>
              <td className="r num">{formatTokens(r.usedTokens)} / {formatTokens(r.includedTokens)} ({Math.round((100 * r.usedTokens) / Math.max(1, r.includedTokens))}%)</td>
              <td className="r num">{formatTokens(r.recentTokensPerDay)}</td>
              <td className={`num ${r.runoutDayMs !== null ? 'error' : 'muted'}`}>{r.runoutDayMs !== null ? day(r.runoutDayMs) : `lasts to ${day(r.periodEndMs - 86_400_000)}`}</td>
              <td className="r num">{formatFen(r.expectedOverageFen)}</td>
            </tr>
          ))}</tbody>
        </table>
        {rows.length === 0 && <p className="muted">No monthly-plan accounts match the filters.</p>}
      </div>
    </section>
  );
}
