// The ledger per rule and runbook over the period: tickets (real / false / unjudged), revenue protected, SLA credits
// avoided and what false tickets cost, in RMB over that period (stated), with a totals row.
import type { Ledger, LedgerRow } from '../../../schema/autonomy.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { Time } from '../../ui/Time.js';
import { AUTONOMY_MESSAGES } from './autonomyMessages.js';
import { rich } from './richText.js';
import './automation.css';
import './autonomy.css';

type Figures = Omit<LedgerRow, 'ruleId' | 'runbook'>;

const net = (r: Figures) => r.revenueProtectedFen + r.creditsAvoidedFen - r.falseCostFen;

function Cells({ r }: { r: Figures }) {
  const { fmt } = useI18n();
  const n = net(r);
  return (
    <>
      <td className="num">{fmt.count(r.tickets)}</td>
      <td className={`num${r.trueTickets ? ' tone-ok' : ''}`}>{fmt.count(r.trueTickets)}</td>
      <td className={`num${r.falseTickets ? ' tone-bad' : ''}`}>{fmt.count(r.falseTickets)}</td>
      <td className="num muted">{fmt.count(r.unjudged)}</td>
      <td className="num money">{fmt.money(r.revenueProtectedFen)}</td>
      <td className="num money">{fmt.money(r.creditsAvoidedFen)}</td>
      <td className={`num money${r.falseCostFen ? ' tone-bad' : ''}`}>{fmt.money(r.falseCostFen)}</td>
      <td className={`num money ${n < 0 ? 'tone-bad' : 'tone-ok'}`}>{fmt.money(n)}</td>
    </>
  );
}

export function LedgerTable({ ledger }: { ledger: Ledger }) {
  const t = useMessages(AUTONOMY_MESSAGES);
  const { fmt } = useI18n();
  const unit = <span className="unit">{t('ledger.unit')}</span>;
  return (
    <div className="ledger" data-testid="ledger">
      <p className="muted small">{rich(t('ledger.period'), { from: <Time ms={ledger.fromMs} />, to: <Time ms={ledger.toMs} /> })}</p>
      {ledger.rows.length === 0 ? <p className="muted">{t('ledger.none')}</p> : (
        <table className="autonomy-table ledger-table">
          <thead>
            <tr>
              <th>{t('ledger.col.rule')}</th><th>{t('ledger.col.runbook')}</th><th className="num">{t('ledger.col.tickets')}</th><th className="num">{t('ledger.col.true')}</th>
              <th className="num">{t('ledger.col.false')}</th><th className="num">{t('ledger.col.unjudged')}</th>
              <th className="money">{t('ledger.col.protected')}{unit}</th><th className="money">{t('ledger.col.avoided')}{unit}</th>
              <th className="money">{t('ledger.col.cost')}{unit}</th><th className="money">{t('ledger.col.net')}{unit}</th>
            </tr>
          </thead>
          <tbody>
            {ledger.rows.map((r) => (
              <tr key={`${r.ruleId}/${r.runbook ?? ''}`}><td><b>{r.ruleId}</b></td><td>{r.runbook ?? <span className="muted">{t('ledger.noRunbook')}</span>}</td><Cells r={r} /></tr>
            ))}
          </tbody>
          <tfoot><tr data-testid="ledger-totals"><td colSpan={2}>{t('ledger.total')}</td><Cells r={ledger.totals} /></tr></tfoot>
        </table>
      )}
      <p className="muted small">{t('ledger.costs', { ticket: fmt.money(ledger.costs.falseTicketFen), action: fmt.money(ledger.costs.actionFen) })}</p>
    </div>
  );
}
