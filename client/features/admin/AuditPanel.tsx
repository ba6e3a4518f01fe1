// The audit trail: filters (UTC days, actor, action), newest-first entries with "load older", the hash chain's state, CSV export.
import { useState } from 'react';
import { AUDIT_ACTIONS, type AuditAction, type AuditChainCheck, type AuditEntry } from '../../../schema/access.js';
import { formatUtc } from '../../ui/formatNumbers.js';
import { auditValueText } from './adminFormat.js';
import { auditCsvHref, type AuditFilters } from './auditQuery.js';

export interface AuditPanelProps {
  entries: readonly AuditEntry[] | null;
  chain: AuditChainCheck | null;
  filters: AuditFilters;
  onFilters: (f: AuditFilters) => void;
  /** Null when the last page came back short (nothing older). */
  onLoadOlder: (() => void) | null;
  loading: boolean;
  error?: string | null;
}

export function ChainBadge({ chain }: { chain: AuditChainCheck | null }) {
  if (!chain) return <span className="pill"><span className="dot" />chain not checked yet</span>;
  if (chain.ok) {
    return <span className="pill chain-ok" data-testid="audit-chain" title="every entry's hash covers the one before it">
      <span className="dot ok" />chain intact · {chain.checked.toLocaleString('en-US')} entries verified</span>;
  }
  return <span className="pill chain-broken" data-testid="audit-chain" role="alert">
    <span className="dot bad" />chain broken at seq {chain.brokenAtSeq ?? '?'}{chain.reason ? `: ${chain.reason}` : ''}</span>;
}

function ChangeCell({ before, after }: { before: unknown; after: unknown }) {
  const b = auditValueText(before), a = auditValueText(after);
  if (!b && !a) return <td className="muted">—</td>;
  const line = b && a ? `${b} → ${a}` : a || b;
  return (
    <td className="audit-change">
      {line.length <= 80 ? <code>{line}</code> : (
        <details><summary><code>{line.slice(0, 80)}…</code></summary>
          {b && <pre>before: {JSON.stringify(before, null, 2)}</pre>}
          {a && <pre>after: {JSON.stringify(after, null, 2)}</pre>}
        </details>
      )}
    </td>
  );
}

export function AuditPanel({ entries, chain, filters, onFilters, onLoadOlder, loading, error = null }: AuditPanelProps) {
  const [draft, setDraft] = useState<AuditFilters>(filters);
  const changed = JSON.stringify(draft) !== JSON.stringify(filters);
  return (
    <section className="panel admin-audit" aria-label="Audit trail">
      <h2>Audit trail <ChainBadge chain={chain} /></h2>
      <form className="form-row audit-filters" onSubmit={(e) => { e.preventDefault(); onFilters(draft); }}>
        <label>From (UTC day)<input type="date" value={draft.fromDay} onChange={(e) => setDraft({ ...draft, fromDay: e.target.value })} /></label>
        <label>To (UTC day)<input type="date" value={draft.toDay} onChange={(e) => setDraft({ ...draft, toDay: e.target.value })} /></label>
        <label>Actor<input value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} placeholder="any" spellCheck={false} /></label>
        <label>Action
          <select value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value as AuditAction | '' })}>
            <option value="">any</option>
            {AUDIT_ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </label>
        <button type="submit" className="primary" disabled={!changed}>Apply</button>
        {/* A plain link: the browser downloads it with the session cookie. It exports what the applied filters show. */}
        <a className="button" href={auditCsvHref(filters)} download data-testid="audit-csv">Export CSV</a>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {!entries ? <p className="muted">Loading audit trail…</p> : entries.length === 0 ? <p className="muted">No entries match.</p> : (
        <table className="admin-table audit-table">
          <thead><tr><th>seq</th><th>time</th><th>actor</th><th>action</th><th>target</th><th>change</th><th>ip</th><th>hash</th></tr></thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq} className={chain && !chain.ok && chain.brokenAtSeq === e.seq ? 'broken' : undefined}>
                <td className="num">{e.seq}</td>
                <td>{formatUtc(e.atMs)}</td>
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
      <div className="form-buttons">
        {entries && <span className="muted">{entries.length} entries shown</span>}
        {onLoadOlder && <button type="button" disabled={loading} onClick={onLoadOlder}>{loading ? 'Loading…' : 'Load older'}</button>}
      </div>
    </section>
  );
}
