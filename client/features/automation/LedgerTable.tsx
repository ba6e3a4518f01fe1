// The ledger per rule and runbook over the period: tickets (true / false / unjudged), revenue protected, SLA credits
// avoided and what false tickets cost, in RMB, with a totals row.
import type { Ledger, LedgerRow } from '../../../schema/autonomy.js';
import { formatFen } from '../../../domain/money/formatMoney.js';
import { formatTime } from './ticketFormat.js';

type Figures = Omit<LedgerRow, 'ruleId' | 'runbook'>;

const net = (r: Figures) => r.revenueProtectedFen + r.creditsAvoidedFen - r.falseCostFen;

function Cells({ r }: { r: Figures }) {
  const n = net(r);
  return (
    <>
      <td className="num">{r.tickets}</td>
      <td className={`num${r.trueTickets ? ' tone-good' : ''}`}>{r.trueTickets}</td>
      <td className={`num${r.falseTickets ? ' tone-bad' : ''}`}>{r.falseTickets}</td>
      <td className="num muted">{r.unjudged}</td>
      <td className="num money">{formatFen(r.revenueProtectedFen)}</td>
      <td className="num money">{formatFen(r.creditsAvoidedFen)}</td>
      <td className={`num money${r.falseCostFen ? ' tone-bad' : ''}`}>{formatFen(r.falseCostFen)}</td>
      <td className={`num money ${n < 0 ? 'tone-bad' : 'tone-good'}`}>{formatFen(n)}</td>
    </>
  );
}

export function LedgerTable({ ledger }: { ledger: Ledger }) {
  return (
    <div className="ledger" data-testid="ledger">
      <p className="muted small">Tickets opened {formatTime(ledger.fromMs)} – {formatTime(ledger.toMs)}; folded tickets count under their transport node's ticket.</p>
      {ledger.rows.length === 0 ? <p className="muted">No tickets in this period.</p> : (
        <table className="autonomy-table ledger-table">
          <thead>
            <tr>
              <th>rule</th><th>runbook</th><th className="num">tickets</th><th className="num">true</th><th className="num">false</th><th className="num">unjudged</th>
              <th className="money">revenue protected</th><th className="money">credits avoided</th><th className="money">cost of false tickets</th><th className="money">net</th>
            </tr>
          </thead>
          <tbody>
            {ledger.rows.map((r) => (
              <tr key={`${r.ruleId}/${r.runbook ?? ''}`}><td><b>{r.ruleId}</b></td><td>{r.runbook ?? <span className="muted">none</span>}</td><Cells r={r} /></tr>
            ))}
          </tbody>
          <tfoot><tr data-testid="ledger-totals"><td colSpan={2}>Total</td><Cells r={ledger.totals} /></tr></tfoot>
        </table>
      )}
      <p className="muted small">A false ticket costs {formatFen(ledger.costs.falseTicketFen)} of engineer time, a needless runbook run {formatFen(ledger.costs.actionFen)}; revenue protected = lead time × revenue at risk per hour of true tickets.</p>
    </div>
  );
}
