// Per-table row counts in the browser's DuckDB, next to the server's count for the same seq and window.
import { formatCount } from '../../ui/formatNumbers.js';

export interface CountCardsProps {
  tables: readonly string[];
  /** Browser counts, all read at `seq`; null while loading. */
  counts: Readonly<Record<string, number>> | null;
  seq: number | null;
  /** Server `rowsSince` per table for the same seq and window, when known. */
  serverCounts?: Readonly<Record<string, number>> | null;
  serverSeq?: number | null;
}

export function CountCards({ tables, counts, seq, serverCounts, serverSeq }: CountCardsProps) {
  const comparable = serverCounts != null && serverSeq != null && serverSeq === seq;
  return (
    <section className="panel">
      <h2>Rows in browser DuckDB · seq <span className="num" data-testid="live-seq">{seq ?? ''}</span></h2>
      <div className="cards">
        {tables.map((t) => {
          const n = counts?.[t];
          const server = serverCounts?.[t];
          const match = comparable && server !== undefined ? server === n : null;
          return (
            <div className="card" key={t}>
              <div className="label"><span>{t}</span></div>
              <div className="value num" data-testid={`count-${t}`}>{n === undefined ? '' : String(n)}</div>
              <div className={`sub num ${match === null ? '' : match ? 'match' : 'mismatch'}`}>
                {server === undefined ? 'server —' : `server ${formatCount(server)}${match === null ? ` @${serverSeq}` : match ? ' ✓' : ' ≠'}`}
              </div>
            </div>
          );
        })}
      </div>
    </section>
  );
}
