// Sortable breakdown table (tier x segment x province) with CSV export of every row.
import { useMemo, useState } from 'react';
import type { BreakdownRow } from './revenueQueries.js';
import { formatFen } from '../../../domain/money/formatMoney.js';
import { CsvButton } from './CsvButton.js';

type SortKey = keyof Pick<BreakdownRow, 'tierId' | 'segment' | 'province' | 'revenueFen' | 'subscriptionFen' | 'packFen' | 'paygFen' | 'overageFen' | 'avgPayingAccounts' | 'arpuFen'>;

const COLUMNS: { key: SortKey; label: string; money?: boolean; num?: boolean }[] = [
  { key: 'tierId', label: 'tier' }, { key: 'segment', label: 'segment' }, { key: 'province', label: 'province' },
  { key: 'revenueFen', label: 'revenue', money: true }, { key: 'subscriptionFen', label: 'subscription', money: true },
  { key: 'packFen', label: 'packs', money: true }, { key: 'paygFen', label: 'payg', money: true },
  { key: 'overageFen', label: 'overage', money: true }, { key: 'avgPayingAccounts', label: 'avg paying', num: true },
  { key: 'arpuFen', label: 'ARPU', money: true },
];

export interface RevenueTableProps {
  rows: readonly BreakdownRow[];
  tierNames: Readonly<Record<number, string>>;
  /** Rows shown before "show all". */
  pageSize?: number;
}

export function RevenueTable({ rows, tierNames, pageSize = 50 }: RevenueTableProps) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'revenueFen', desc: true });
  const [all, setAll] = useState(false);
  const sorted = useMemo(() => {
    const out = [...rows];
    out.sort((a, b) => {
      const x = a[sort.key], y = b[sort.key];
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return sort.desc ? -c : c;
    });
    return out;
  }, [rows, sort]);
  const shown = all ? sorted : sorted.slice(0, pageSize);
  return (
    <section className="panel">
      <h2>Breakdown · {rows.length} rows <CsvButton name="revenue-breakdown" rows={sorted.map((r) => ({ ...r, tierName: tierNames[r.tierId] ?? '' }))} /></h2>
      <div className="table-scroll">
        <table className="data" data-testid="revenue-table">
          <thead><tr>{COLUMNS.map((c) => (
            <th key={c.key} className={c.money || c.num ? 'r' : ''} aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
              <button type="button" onClick={() => setSort((s) => ({ key: c.key, desc: s.key === c.key ? !s.desc : true }))}>
                {c.label}{sort.key === c.key ? (sort.desc ? ' ▾' : ' ▴') : ''}
              </button>
            </th>
          ))}</tr></thead>
          <tbody>{shown.map((r) => (
            <tr key={`${r.tierId}|${r.segment}|${r.province}`}>
              {COLUMNS.map((c) => (
                <td key={c.key} className={c.money || c.num ? 'r num' : ''}>
                  {c.key === 'tierId' ? (tierNames[r.tierId] ?? r.tierId) : c.money ? formatFen(r[c.key] as number) : c.num ? (r[c.key] as number).toFixed(1) : r[c.key]}
                </td>
              ))}
            </tr>
          ))}</tbody>
        </table>
      </div>
      {sorted.length > pageSize && <button type="button" className="link" onClick={() => setAll((v) => !v)}>{all ? 'show fewer' : `show all ${sorted.length}`}</button>}
    </section>
  );
}
