// Sortable breakdown table (tier x segment x province) over the period, with a CSV export of every row.
import { useMemo, useState } from 'react';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { CsvButton } from './CsvButton.js';
import { usePeriodText, type ExplorerPeriod } from './explorerPeriod.js';
import { useRevenueLabels } from './revenueLabels.js';
import { REVENUE_MESSAGES } from './revenueMessages.js';
import { breakdownCsv, csvFileName } from './revenueCsv.js';
import type { BreakdownRow } from './revenueQueries.js';

type SortKey = keyof Pick<BreakdownRow, 'tierId' | 'segment' | 'province' | 'revenueFen' | 'subscriptionFen' | 'packFen' | 'paygFen' | 'overageFen' | 'avgPayingAccounts' | 'arpuFen'>;
type ColumnKey = 'col.tier' | 'col.segment' | 'col.province' | 'col.revenue' | 'col.subscription' | 'col.packs' | 'col.payg' | 'col.overage' | 'col.avgPaying' | 'col.arpu';

const COLUMNS: { key: SortKey; label: ColumnKey; money?: boolean; split?: boolean; num?: boolean }[] = [
  { key: 'tierId', label: 'col.tier' }, { key: 'segment', label: 'col.segment' }, { key: 'province', label: 'col.province' },
  { key: 'revenueFen', label: 'col.revenue', money: true }, { key: 'subscriptionFen', label: 'col.subscription', money: true, split: true },
  { key: 'packFen', label: 'col.packs', money: true, split: true }, { key: 'paygFen', label: 'col.payg', money: true, split: true },
  { key: 'overageFen', label: 'col.overage', money: true, split: true }, { key: 'avgPayingAccounts', label: 'col.avgPaying', num: true },
  { key: 'arpuFen', label: 'col.arpu', money: true },
];

export interface RevenueTableProps {
  rows: readonly BreakdownRow[];
  tierNames: Readonly<Record<number, string>>;
  period: ExplorerPeriod;
  /** With a model filter the line kinds are not split: those columns show "—", not ¥0.00. */
  modelFiltered?: boolean;
  /** Rows shown before "show all". */
  pageSize?: number;
}

export function RevenueTable({ rows, tierNames, period, modelFiltered = false, pageSize = 50 }: RevenueTableProps) {
  const t = useMessages(REVENUE_MESSAGES);
  const { fmt } = useI18n();
  const labels = useRevenueLabels(tierNames);
  const periodText = usePeriodText();
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'revenueFen', desc: true });
  const [all, setAll] = useState(false);
  // Names sort as shown (a tier by its name, a province by its name in the UI language), numbers by value.
  const sortText = useMemo(() => ({
    tierId: (r: BreakdownRow) => labels.tier(r.tierId), segment: (r: BreakdownRow) => labels.segment(r.segment), province: (r: BreakdownRow) => labels.province(r.province),
  }) as Partial<Record<SortKey, (r: BreakdownRow) => string>>, [labels]);
  const sorted = useMemo(() => {
    const text = sortText[sort.key];
    const out = [...rows];
    out.sort((a, b) => {
      const c = text ? text(a).localeCompare(text(b), fmt.locale) : (a[sort.key] as number) - (b[sort.key] as number);
      return sort.desc ? -c : c;
    });
    return out;
  }, [rows, sort, sortText, fmt.locale]);
  const shown = all ? sorted : sorted.slice(0, pageSize);
  const title = t('table.title', { n: rows.length });
  const cell = (r: BreakdownRow, c: (typeof COLUMNS)[number]) => {
    if (c.key === 'tierId') return labels.tier(r.tierId);
    if (c.key === 'segment') return labels.segment(r.segment);
    if (c.key === 'province') return labels.province(r.province);
    if (c.split && modelFiltered) return '—';
    if (c.key === 'arpuFen' && r.avgPayingAccounts === 0) return '—';
    return c.money ? fmt.money(r[c.key] as number) : fmt.decimal(r[c.key] as number, 1);
  };
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>{title}</h2>
        <span className="muted small">{periodText(period)}</span>
        <CsvButton name="revenue-breakdown" fileName={csvFileName('revenue-breakdown', period)} what={title} rowCount={rows.length}
          table={() => breakdownCsv(sorted, period, labels, { modelFiltered })} />
      </div>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={title}>
        <table className="data" data-testid="revenue-table">
          <thead><tr>{COLUMNS.map((c) => (
            <th key={c.key} scope="col" className={c.money || c.num ? 'r' : ''} aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
              <button type="button" onClick={() => setSort((s) => ({ key: c.key, desc: s.key === c.key ? !s.desc : !(c.key in sortText) }))}>
                {t(c.label)}{sort.key === c.key ? (sort.desc ? ' ▾' : ' ▴') : ''}
              </button>
            </th>
          ))}</tr></thead>
          <tbody>{shown.map((r) => (
            <tr key={`${r.tierId}|${r.segment}|${r.province}`}>
              {COLUMNS.map((c) => <td key={c.key} className={c.money || c.num ? 'r num' : ''}>{cell(r, c)}</td>)}
            </tr>
          ))}</tbody>
        </table>
      </div>
      {sorted.length > pageSize && <button type="button" className="link" onClick={() => setAll((v) => !v)}>{all ? t('showFewer') : t('showAll', { n: sorted.length })}</button>}
    </section>
  );
}
