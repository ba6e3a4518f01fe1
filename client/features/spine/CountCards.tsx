// Per-table row counts in the browser's DuckDB, next to the server's count for the same seq and window (compared only when
// the server's answer is for exactly that seq); loading, error and stale states, never a blank or a 0 before data.
import type { BrowserTable } from '../../dataSync/liveDataset.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { Loaded, type Loadable } from '../../ui/ViewState.js';
import { SPINE_MESSAGES } from './spineMessages.js';

export interface BrowserCounts { seq: number; counts: Readonly<Record<string, number>> }
/** The server's `rowsSince` per table, tagged with the seq it was asked for. */
export interface ServerCounts { atSeq: number; counts: Readonly<Record<string, number>> }

export interface CountCardsProps {
  tables: readonly BrowserTable[];
  /** Browser counts, all read at one seq. */
  counts: Loadable<BrowserCounts>;
  server: Loadable<ServerCounts>;
  /** Why the browser has no counts yet (its dataset's phase), for the loading line. */
  loadingWhat?: string;
}

function ServerLine({ table, n, seq, server }: { table: BrowserTable; n: number; seq: number; server: Loadable<ServerCounts> }) {
  const { fmt } = useI18n();
  const t = useMessages(SPINE_MESSAGES);
  if (server.kind === 'loading') return <div className="sub">{t('serverPending')}</div>;
  if (server.kind === 'error') return <div className="sub mismatch" title={server.error}>{t('serverError')}</div>;
  const s = server.value.counts[table];
  if (s === undefined) return <div className="sub">—</div>;
  if (server.value.atSeq !== seq) return <div className="sub num">{t('serverAtSeq', { n: fmt.count(s), seq: String(server.value.atSeq) })}</div>;
  const match = s === n;
  return (
    <div className={`sub num ${match ? 'match' : 'mismatch'}`} title={t(match ? 'match' : 'mismatch')} data-testid={`server-count-${table}`}>
      {t('serverCount', { n: fmt.count(s) })} <span aria-label={t(match ? 'match' : 'mismatch')}>{match ? '✓' : '≠'}</span>
    </div>
  );
}

export function CountCards({ tables, counts, server, loadingWhat }: CountCardsProps) {
  const { fmt } = useI18n();
  const t = useMessages(SPINE_MESSAGES);
  const seq = counts.kind === 'ready' ? counts.value.seq : null;
  return (
    <section className="panel spine-counts" aria-labelledby="counts-title" data-testid="count-cards">
      <h2 id="counts-title" title={t('countsHint')}>{t('countsTitle')} {seq !== null && <span className="num" data-testid="live-seq" data-value={seq}>{seq}</span>}</h2>
      <Loaded state={counts} what={loadingWhat}>
        {(c) => (
          <div className="cards">
            {tables.map((table) => {
              const n = c.counts[table];
              return (
                <div className="card" key={table}>
                  <div className="label"><span>{t(`table.${table}`)}</span></div>
                  <div className="value num" data-testid={`count-${table}`} data-value={n}>{fmt.count(n)}</div>
                  {n !== undefined && <ServerLine table={table} n={n} seq={c.seq} server={server} />}
                </div>
              );
            })}
          </div>
        )}
      </Loaded>
    </section>
  );
}
