// Headline numbers for the current filters: revenue by line kind, average paying accounts, ARPU.
import type { SummaryRow } from './revenueQueries.js';
import { formatFen } from '../../../domain/money/formatMoney.js';
import { CsvButton } from './CsvButton.js';

export function RevenueSummary({ summary, serverTotalFen }: { summary: SummaryRow | null; serverTotalFen?: number | null }) {
  const s = summary;
  const cards: [string, string, string][] = s ? [
    ['revenue', formatFen(s.revenueFen), 'revenue-total'],
    ['subscription', formatFen(s.subscriptionFen), 'revenue-subscription'],
    ['one-time packs', formatFen(s.packFen), 'revenue-packs'],
    ['pay-as-you-go', formatFen(s.paygFen), 'revenue-payg'],
    ['overage', formatFen(s.overageFen), 'revenue-overage'],
    ['avg paying accounts', s.avgPayingAccounts.toFixed(1), 'paying-accounts'],
    ['ARPU (period)', formatFen(s.arpuFen), 'arpu'],
  ] : [];
  return (
    <section className="panel">
      <h2>Token revenue {s ? `· ${s.days} days` : ''} {s && <CsvButton name="revenue-summary" rows={[s]} />}</h2>
      <div className="cards">
        {cards.map(([label, value, id]) => (
          <div className="card" key={id}>
            <div className="label"><span>{label}</span></div>
            <div className="value num" data-testid={id} data-fen={id === 'revenue-total' ? String(s?.revenueFen ?? '') : undefined}>{value}</div>
            {id === 'revenue-total' && serverTotalFen != null && (
              <div className={`sub num ${serverTotalFen === s?.revenueFen ? 'match' : 'mismatch'}`} data-testid="revenue-server-check">
                server {formatFen(serverTotalFen)} {serverTotalFen === s?.revenueFen ? '✓' : '≠'}
              </div>
            )}
          </div>
        ))}
      </div>
      {s && s.arpuFen > 0 && <p className="muted small">ARPU = revenue / average daily paying accounts over the period (with a model filter: accounts that used the models).</p>}
    </section>
  );
}
