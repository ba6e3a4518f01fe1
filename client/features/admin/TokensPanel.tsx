// API tokens: list them (per user or all), issue one (its secret shown once; label and expiry checked first), revoke one;
// loading, empty, error and stale states.
import { useState, type FormEvent } from 'react';
import type { TokenInfo } from '../../../schema/access.js';
import { useMessages } from '../../i18n/I18nProvider.js';
import { TIME_MARK, Time, TimeInText } from '../../ui/Time.js';
import { AsOf, Loaded, type Loadable } from '../../ui/ViewState.js';
import { checkTokenRequest, parseExpiryDays, type FormProblem } from './adminChecks.js';
import { tokenStatus } from './adminFormat.js';
import { ADMIN_MESSAGES } from './adminMessages.js';
import type { IssuedToken, TokenRequest } from './adminTypes.js';
import { TokenSecret } from './TokenSecret.js';

export interface TokensPanelProps {
  tokens: Loadable<readonly TokenInfo[]>;
  onRetry?: () => void;
  usernames: readonly string[];
  nowMs: number;
  /** The user whose tokens are listed; '' = everyone's. */
  filterUser: string;
  onFilterUser: (username: string) => void;
  onIssue: (r: TokenRequest) => Promise<IssuedToken | string>;
  onRevoke: (tokenId: string) => Promise<string | null>;
  /** For stories: a secret as it shows right after issuing. */
  initialIssued?: IssuedToken | null;
}

export function TokensPanel({ tokens, onRetry, usernames, nowMs, filterUser, onFilterUser, onIssue, onRevoke, initialIssued = null }: TokensPanelProps) {
  const t = useMessages(ADMIN_MESSAGES);
  const [chosenUser, setUsername] = useState('');
  // The user list may arrive after the first render: until one is chosen, the filter's user or the first one.
  const username = chosenUser || filterUser || usernames[0] || '';
  const [label, setLabel] = useState('');
  const [expires, setExpires] = useState('90');
  const [issued, setIssued] = useState<IssuedToken | null>(initialIssued);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const issue = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const p = checkTokenRequest({ username, label, expires });
    setProblem(p);
    const days = parseExpiryDays(expires);
    if (p || !days.ok) return;
    setBusy(true);
    const r = await onIssue({ username, label: label.trim(), expiresInDays: days.days });
    setBusy(false);
    if (typeof r === 'string') return setMessage(r);
    setLabel('');
    setIssued(r);
  };

  const revoke = async (tok: TokenInfo) => {
    if (!window.confirm(t('revokeConfirm', { label: tok.label, user: tok.username }))) return;
    setMessage(await onRevoke(tok.tokenId));
  };

  const mark = (field: FormProblem['field']) => (problem?.field === field ? { 'aria-invalid': true, 'aria-describedby': 'token-problem' } as const : {});
  const list = tokens.kind === 'ready' ? tokens.value : null;
  return (
    <div className="admin-tokens">
      {issued && <TokenSecret issued={issued} onDone={() => setIssued(null)} />}
      <form className="panel token-form" onSubmit={(e) => void issue(e)} aria-label={t('issueTitle')} noValidate data-testid="token-form">
        <h2>{t('issueTitle')}</h2>
        <div className="form-row">
          <label>{t('forUser')}
            <select value={username} onChange={(e) => setUsername(e.target.value)} {...mark('tokenUser')}>
              {usernames.map((u) => <option key={u} value={u}>{u}</option>)}
            </select>
          </label>
          <label>{t('label')}<input value={label} onChange={(e) => setLabel(e.target.value)} placeholder={t('labelPlaceholder')} maxLength={128} data-testid="token-label" {...mark('label')} /></label>
          <label>{t('expiresDays')}<input inputMode="numeric" value={expires} onChange={(e) => setExpires(e.target.value)} placeholder={t('never2')} data-testid="token-expiry" {...mark('expiry')} /></label>
          <button type="submit" className="primary" disabled={busy}>{busy ? t('issuing') : t('issue')}</button>
        </div>
        {problem && <p className="error" role="alert" id="token-problem" data-testid="form-problem">{t(problem.key, problem.params)}</p>}
        <p className="muted small">{t('tokenHint')}</p>
      </form>
      <section className="panel" aria-labelledby="tokens-title" data-testid="tokens-panel">
        <h2 id="tokens-title">{t('tokens')} {list && <span className="muted">· {t('tokensCount', { n: list.length })}</span>}
          {tokens.kind === 'ready' && <AsOf ms={tokens.asOfMs} />}
          <label className="inline filter">{t('tokensOf')}
            <select value={filterUser} onChange={(e) => onFilterUser(e.target.value)} aria-label={t('tokensOfUser')} data-testid="tokens-of">
              <option value="">{t('everyUser')}</option>
              {usernames.map((u) => <option key={u} value={u}>{u}</option>)}
            </select>
          </label>
        </h2>
        {message && <p className="error" role="alert">{message}</p>}
        <Loaded state={tokens} what={t('tokensWhat')} onRetry={onRetry} isEmpty={(l) => l.length === 0} empty={t('noTokens')}>
          {(rows) => (
            <table className="admin-table">
              <thead><tr>
                <th scope="col">{t('tcol.token')}</th><th scope="col">{t('tcol.user')}</th><th scope="col">{t('tcol.label')}</th><th scope="col">{t('tcol.created')}</th>
                <th scope="col">{t('tcol.by')}</th><th scope="col">{t('tcol.expires')}</th><th scope="col">{t('tcol.lastUsed')}</th><th scope="col">{t('tcol.state')}</th>
                <th scope="col"><span className="sr-only">{t('tcol.actions')}</span></th>
              </tr></thead>
              <tbody>
                {rows.map((tok) => {
                  const st = tokenStatus(tok, nowMs);
                  return (
                    <tr key={tok.tokenId} data-testid={`token-row-${tok.tokenId}`}>
                      <td className="num">{tok.tokenId}</td>
                      <td>{tok.username}</td>
                      <td>{tok.label}</td>
                      <td><Time ms={tok.createdAtMs} /></td>
                      <td>{tok.createdBy}</td>
                      <td>{tok.expiresAtMs === null ? <span className="muted">{t('never2')}</span> : <Time ms={tok.expiresAtMs} />}</td>
                      <td>{tok.lastUsedAtMs === null ? <span className="muted">{t('never')}</span> : <Time ms={tok.lastUsedAtMs} />}</td>
                      <td className={`tone-${st.tone}`}>{st.state === 'revoked' ? <TimeInText text={t('token.revoked', { time: TIME_MARK })} ms={st.atMs} /> : t(`token.${st.state}`)}</td>
                      <td>{st.active && <button type="button" className="danger" onClick={() => void revoke(tok)}>{t('revoke')}</button>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </Loaded>
      </section>
    </div>
  );
}
