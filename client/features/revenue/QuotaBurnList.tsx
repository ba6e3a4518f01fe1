// Quota burn-down of the current billing month (whatever the date range): accounts forecast to run out of included
// tokens, with expected overage revenue (upsell targets).
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { CsvButton } from './CsvButton.js';
import { isoDay } from '../../../domain/period/isoDay.js';
import { DAY_MS } from './dateRange.js';
import { useRevenueLabels } from './revenueLabels.js';
import { REVENUE_MESSAGES } from './revenueMessages.js';
import { quotaBurnCsv } from './revenueCsv.js';
import type { QuotaBurnViewRow, UpsellSummaryRow } from './revenueQueries.js';

export function QuotaBurnList({ rows, summary, tierNames }: { rows: readonly QuotaBurnViewRow[]; summary: UpsellSummaryRow | null; tierNames: Readonly<Record<number, string>> }) {
  const t = useMessages(REVENUE_MESSAGES);
  const { fmt } = useI18n();
  const labels = useRevenueLabels(tierNames);
  const endMs = rows[0]?.periodEndMs ?? null;
  // The billing month: from its first day to its last (period_end is exclusive).
  const month = endMs === null ? null : { fromMs: Date.UTC(new Date(endMs - DAY_MS).getUTCFullYear(), new Date(endMs - DAY_MS).getUTCMonth(), 1), toMs: endMs };
  const title = t('quota.title');
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>{title}</h2>
        {month && <span className="muted small">{t('quota.period', { from: fmt.day(month.fromMs), to: fmt.day(month.toMs - DAY_MS) })}</span>}
        <CsvButton name="quota-burn" fileName={month ? `quota-burn_${isoDay(month.fromMs)}_${isoDay(month.toMs - DAY_MS)}.csv` : 'quota-burn.csv'}
          what={title} rowCount={rows.length} table={() => quotaBurnCsv(rows, labels)} />
      </div>
      {summary && rows.length > 0 && (
        <p className="muted small" data-testid="upsell-summary">{t('quota.summary', { n: summary.accounts, money: fmt.money(summary.expectedOverageFen) })}</p>
      )}
      {rows.length === 0 ? <p className="muted" data-testid="quota-burn-empty">{t('quota.none')}</p> : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={title}>
          <table className="data" data-testid="quota-burn-table">
            <thead><tr>
              <th scope="col">{t('col.account')}</th><th scope="col">{t('col.tier')}</th><th scope="col">{t('col.province')}</th>
              <th scope="col" className="r">{t('col.usedQuota')}</th><th scope="col" className="r">{t('col.perDay')}</th>
              <th scope="col">{t('col.runsOut')}</th><th scope="col" className="r">{t('col.expectedOverage')}</th>
            </tr></thead>
            <tbody>{rows.map((r) => (
              <tr key={r.accountId} className={r.runoutDayMs !== null ? 'upsell' : ''}>
                <td className="num">{r.accountId}</td>
                <td>{labels.tier(r.tierId)}</td>
                <td>{labels.province(r.province)}</td>
                <td className="r num">{fmt.compact(r.usedTokens)} / {fmt.compact(r.includedTokens)} ({fmt.decimal((100 * r.usedTokens) / Math.max(1, r.includedTokens), 0)}%)</td>
                <td className="r num">{fmt.compact(r.recentTokensPerDay)}</td>
                <td className={r.runoutDayMs !== null ? 'runout' : 'muted'}>{r.runoutDayMs !== null ? fmt.day(r.runoutDayMs) : t('lastsTo', { day: fmt.day(r.periodEndMs - DAY_MS) })}</td>
                <td className="r num">{fmt.money(r.expectedOverageFen)}</td>
              </tr>
            ))}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}
