// The audit trail: filters (days in the operator's zone, actor, action; a reversed range refused), newest-first entries
// with "load older", the hash chain's state, CSV export; loading, empty, error and stale states.
import { useEffect, useState } from 'react';
import { AUDIT_ACTIONS, type AuditAction, type AuditChainCheck, type AuditEntry } from '../../../schema/access.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { Time } from '../../ui/Time.js';
import { AsOf, Loaded, type Loadable } from '../../ui/ViewState.js';
import { auditValueText } from './adminFormat.js';
import { ADMIN_MESSAGES } from './adminMessages.js';
import { auditCsvHref, isReversed, type AuditFilters } from './auditQuery.js';

export interface AuditPanelProps {
  entries: readonly AuditEntry[] | null;
  chain: AuditChainCheck | null;
  filters: AuditFilters;
  onFilters: (f: AuditFilters) => void;
  /** Null when the last page came back short (nothing older). */
  onLoadOlder: (() => void) | null;
  loading: boolean;
  error?: string | null;
  onRetry?: () => void;
  /** When the entries shown were read. */
  asOfMs?: number | null;
}

export function ChainBadge({ chain }: { chain: AuditChainCheck | null }) {
  const { fmt } = useI18n();
  const t = useMessages(ADMIN_MESSAGES);
  if (!chain) return <span className="pill"><span className="dot" />{t('chainUnchecked')}</span>;
  if (chain.ok) {
    return <span className="pill chain-ok" data-testid="audit-chain" title={t('chainOkHint')}>
      <span className="dot ok" />{t('chainOk', { n: fmt.count(chain.checked) })}</span>;
  }
  return <span className="pill chain-broken" data-testid="audit-chain" role="alert">
    <span className="dot bad" />{t('chainBroken', { seq: String(chain.brokenAtSeq ?? '?') })}{chain.reason ? `: ${chain.reason}` : ''}</span>;
}

function ChangeCell({ before, after }: { before: unknown; after: unknown }) {
  const t = useMessages(ADMIN_MESSAGES);
  const b = auditValueText(before), a = auditValueText(after);
  if (!b && !a) return <td className="muted">—</td>;
  const line = b && a ? `${b} → ${a}` : a || b;
  return (
    <td className="audit-change">
      {line.length <= 80 ? <code>{line}</code> : (
        <details><summary><code>{line.slice(0, 80)}…</code></summary>
          {b && <pre>{t('before')}: {JSON.stringify(before, null, 2)}</pre>}
          {a && <pre>{t('after')}: {JSON.stringify(after, null, 2)}</pre>}
        </details>
      )}
    </td>
  );
}

/** The entries as a Loadable: loading until the first page, error without one, stale when a reload failed. */
function entriesState(entries: readonly AuditEntry[] | null, error: string | null, asOfMs: number | null): Loadable<readonly AuditEntry[]> {
  if (entries) return { kind: 'ready', value: entries, asOfMs, stale: error };
  return error ? { kind: 'error', error } : { kind: 'loading' };
}

export function AuditPanel({ entries, chain, filters, onFilters, onLoadOlder, loading, error = null, onRetry, asOfMs = null }: AuditPanelProps) {
  const { t: tc, fmt, timeZone } = useI18n();
  const t = useMessages(ADMIN_MESSAGES);
  const [draft, setDraft] = useState<AuditFilters>(filters);
  // Filters applied from outside (back/forward, a shared URL) replace the draft.
  useEffect(() => { setDraft(filters); }, [filters]);
  const changed = JSON.stringify(draft) !== JSON.stringify(filters);
  const reversed = isReversed(draft);
  const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
  const rangeError = reversed ? tc('invalidRange', { from: fmt.day(dayMs(draft.fromDay)), to: fmt.day(dayMs(draft.toDay)) }) : null;
  const appliedReversed = isReversed(filters);
  const mark = reversed ? { 'aria-invalid': true, 'aria-describedby': 'audit-range-error' } as const : {};
  return (
    <section className="panel admin-audit" aria-labelledby="audit-title" data-testid="audit-panel">
      <h2 id="audit-title">{t('audit')} <ChainBadge chain={chain} />{entries && <AsOf ms={asOfMs} />}</h2>
      <form className="form-row audit-filters" noValidate onSubmit={(e) => { e.preventDefault(); if (!reversed) onFilters(draft); }}>
        <label>{t('fromDay', { tz: timeZone })}<input type="date" value={draft.fromDay} onChange={(e) => setDraft({ ...draft, fromDay: e.target.value })} data-testid="audit-from" {...mark} /></label>
        <label>{t('toDay', { tz: timeZone })}<input type="date" value={draft.toDay} onChange={(e) => setDraft({ ...draft, toDay: e.target.value })} data-testid="audit-to" {...mark} /></label>
        <label>{t('actor')}<input value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} placeholder={t('any')} spellCheck={false} /></label>
        <label>{t('action')}
          <select value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value as AuditAction | '' })}>
            <option value="">{t('any')}</option>
            {AUDIT_ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </label>
        <button type="submit" className="primary" disabled={!changed || reversed} data-testid="audit-apply">{t('apply')}</button>
        {/* A plain link: the browser downloads it with the session cookie. It exports what the applied filters show. */}
        {!appliedReversed && <a className="button" href={auditCsvHref(filters, timeZone)} download data-testid="audit-csv">{t('exportCsv')}</a>}
      </form>
      {rangeError && <p className="error" role="alert" id="audit-range-error" data-testid="audit-range-error">{rangeError}</p>}
      {!appliedReversed && (
        <Loaded state={entriesState(entries, error, asOfMs)} what={t('auditWhat')} onRetry={onRetry} isEmpty={(l) => l.length === 0} empty={t('noEntries')}>
          {(rows) => (
            <table className="admin-table audit-table">
              <thead><tr>
                <th scope="col">{t('acol.seq')}</th><th scope="col">{t('acol.time')}</th><th scope="col">{t('acol.actor')}</th><th scope="col">{t('acol.action')}</th>
                <th scope="col">{t('acol.target')}</th><th scope="col">{t('acol.change')}</th><th scope="col">{t('acol.ip')}</th><th scope="col">{t('acol.hash')}</th>
              </tr></thead>
              <tbody>
                {rows.map((e) => (
                  <tr key={e.seq} className={chain && !chain.ok && chain.brokenAtSeq === e.seq ? 'broken' : undefined}>
                    <td className="num">{e.seq}</td>
                    <td><Time ms={e.atMs} /></td>
                    <td>{e.actor}</td>
                    <td><span className={`badge action-${e.action.split('.')[0]}`}>{e.action}</span></td>
                    <td>{e.target}</td>
                    <ChangeCell before={e.before} after={e.after} />
                    <td className="muted">{e.ip ?? ''}</td>
                    <td className="num muted" title={`hash ${e.hash}\nprev ${e.prevHash}`}>{e.hash.slice(0, 10)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Loaded>
      )}
      <div className="form-buttons">
        {entries && <span className="muted">{t('entriesShown', { n: entries.length })}</span>}
        {onLoadOlder && <button type="button" disabled={loading} onClick={onLoadOlder}>{loading ? t('loadingOlder') : t('loadOlder')}</button>}
      </div>
    </section>
  );
}
