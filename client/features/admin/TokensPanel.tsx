// API tokens: list them (per user or all), issue one (its secret shown once), revoke one.
import { useState, type FormEvent } from 'react';
import type { TokenInfo } from '../../../schema/access.js';
import { formatUtc } from '../../ui/formatNumbers.js';
import { tokenStatus } from './adminFormat.js';
import type { IssuedToken, TokenRequest } from './adminTypes.js';
import { TokenSecret } from './TokenSecret.js';

export interface TokensPanelProps {
  tokens: readonly TokenInfo[] | null;
  usernames: readonly string[];
  nowMs: number;
  /** The user whose tokens are listed; '' = everyone's. */
  filterUser: string;
  onFilterUser: (username: string) => void;
  onIssue: (r: TokenRequest) => Promise<IssuedToken | string>;
  onRevoke: (tokenId: string) => Promise<string | null>;
  error?: string | null;
  /** For stories: a secret as it shows right after issuing. */
  initialIssued?: IssuedToken | null;
}

export function TokensPanel({ tokens, usernames, nowMs, filterUser, onFilterUser, onIssue, onRevoke, error = null, initialIssued = null }: TokensPanelProps) {
  const [chosenUser, setUsername] = useState('');
  // The user list may arrive after the first render: until one is chosen, the filter's user or the first one.
  const username = chosenUser || filterUser || usernames[0] || '';
  const [label, setLabel] = useState('');
  const [expires, setExpires] = useState('90');
  const [issued, setIssued] = useState<IssuedToken | null>(initialIssued);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const issue = async (e: FormEvent) => {
    e.preventDefault();
    const days = expires.trim() === '' ? null : Number(expires);
    if (days !== null && (!Number.isInteger(days) || days < 1 || days > 3650)) return setMessage('Expiry: whole days from 1 to 3650, or empty for never.');
    setBusy(true);
    const r = await onIssue({ username, label: label.trim(), expiresInDays: days });
    setBusy(false);
    if (typeof r === 'string') return setMessage(r);
    setMessage(null);
    setLabel('');
    setIssued(r);
  };

  const revoke = async (t: TokenInfo) => {
    if (!window.confirm(`Revoke token “${t.label}” of ${t.username}? Scripts using it stop working at once.`)) return;
    setMessage(await onRevoke(t.tokenId));
  };

  return (
    <div className="admin-tokens">
      {issued && <TokenSecret issued={issued} onDone={() => setIssued(null)} />}
      <form className="panel token-form" onSubmit={(e) => void issue(e)} aria-label="Issue API token">
        <h2>Issue an API token</h2>
        <div className="form-row">
          <label>For user
            <select value={username} onChange={(e) => setUsername(e.target.value)} required>
              {usernames.map((u) => <option key={u} value={u}>{u}</option>)}
            </select>
          </label>
          <label>Label<input value={label} onChange={(e) => setLabel(e.target.value)} placeholder="e.g. nightly export script" required maxLength={128} /></label>
          <label>Expires in days<input type="number" min={1} max={3650} value={expires} onChange={(e) => setExpires(e.target.value)} placeholder="never" /></label>
          <button type="submit" className="primary" disabled={busy || !username || !label.trim()}>{busy ? 'Issuing…' : 'Issue token'}</button>
        </div>
        <p className="muted small">Empty expiry = never expires. A token acts with its user's roles and scope.</p>
      </form>
      <section className="panel" aria-label="API tokens">
        <h2>API tokens {tokens ? `· ${tokens.length}` : ''}
          <label className="inline filter">of
            <select value={filterUser} onChange={(e) => onFilterUser(e.target.value)} aria-label="tokens of user">
              <option value="">every user</option>
              {usernames.map((u) => <option key={u} value={u}>{u}</option>)}
            </select>
          </label>
        </h2>
        {(message ?? error) && <p className="error" role="alert">{message ?? error}</p>}
        {!tokens ? <p className="muted">Loading tokens…</p> : tokens.length === 0 ? <p className="muted">No tokens.</p> : (
          <table className="admin-table">
            <thead><tr><th>token</th><th>user</th><th>label</th><th>created</th><th>by</th><th>expires</th><th>last used</th><th>state</th><th /></tr></thead>
            <tbody>
              {tokens.map((t) => {
                const st = tokenStatus(t, nowMs);
                return (
                  <tr key={t.tokenId} data-testid={`token-row-${t.tokenId}`}>
                    <td className="num">{t.tokenId}</td>
                    <td>{t.username}</td>
                    <td>{t.label}</td>
                    <td>{formatUtc(t.createdAtMs)}</td>
                    <td>{t.createdBy}</td>
                    <td>{t.expiresAtMs === null ? <span className="muted">never</span> : formatUtc(t.expiresAtMs)}</td>
                    <td>{t.lastUsedAtMs === null ? <span className="muted">never</span> : formatUtc(t.lastUsedAtMs)}</td>
                    <td className={`tone-${st.tone}`}>{st.text}</td>
                    <td>{st.active && <button type="button" className="danger" onClick={() => void revoke(t)}>Revoke</button>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
