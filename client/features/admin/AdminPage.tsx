// The admin page: users and their roles and scopes, API tokens, and the audit trail (tabs; each shown to the permission it needs).
import { useCallback, useMemo, useState } from 'react';
import { useAppServices } from '../../app/AppServices.js';
import { useSession } from '../../app/SessionGate.js';
import { describeCallError } from '../../api/trpcClient.js';
import { usePolling } from '../../ui/usePolling.js';
import type { UserActions } from './adminTypes.js';
import { AuditPanel } from './AuditPanel.js';
import { NO_AUDIT_FILTERS, type AuditFilters, type AuditQuery } from './auditQuery.js';
import { TokensPanel } from './TokensPanel.js';
import { UsersPanel } from './UsersPanel.js';
import { useAuditTrail } from './useAuditTrail.js';
import './admin.css';

type Tab = 'users' | 'tokens' | 'audit';

const asResult = (p: Promise<unknown>): Promise<string | null> => p.then(() => null, (e: unknown) => describeCallError(e));

export function AdminPage() {
  const { trpc } = useAppServices();
  const { session, can } = useSession();
  const tabs = useMemo(() => ([
    ['users', 'Users', can('users.admin')], ['tokens', 'API tokens', can('users.admin')], ['audit', 'Audit trail', can('audit.read')],
  ] as const).filter(([, , ok]) => ok), [can]);
  const [tab, setTab] = useState<Tab>(tabs[0]?.[0] ?? 'users');
  const [rev, setRev] = useState(0);
  const [tokenUser, setTokenUser] = useState('');
  const [auditFilters, setAuditFilters] = useState<AuditFilters>(NO_AUDIT_FILTERS);
  const bump = () => setRev((r) => r + 1);

  const users = usePolling(can('users.admin') ? () => trpc.admin.users.query() : null, 15_000, [rev]);
  const tokens = usePolling(tab === 'tokens' ? () => trpc.admin.tokens.query(tokenUser ? { username: tokenUser } : {}) : null, 15_000, [rev, tokenUser, tab]);
  // JSON drops an undefined before/after; the panel reads them as null.
  const fetchAudit = useCallback((q: AuditQuery) => trpc.admin.audit.query(q)
    .then((r) => ({ chain: r.chain, entries: r.entries.map((e) => ({ ...e, before: e.before ?? null, after: e.after ?? null })) })), [trpc]);
  const audit = useAuditTrail(fetchAudit, auditFilters, describeCallError, tab === 'audit');

  const userActions: UserActions = {
    create: (u) => asResult(trpc.admin.createUser.mutate(u).finally(bump)),
    update: (u) => asResult(trpc.admin.updateUser.mutate(u).finally(bump)),
    resetPassword: (username, password) => asResult(trpc.admin.resetPassword.mutate({ username, password })),
    unlock: (username) => asResult(trpc.admin.unlockUser.mutate({ username }).finally(bump)),
  };
  const nowMs = Date.now();

  return (
    <main className="page admin">
      <header className="topbar page-head">
        <h1>Administration</h1>
        <nav className="tabs" aria-label="Administration sections">
          {tabs.map(([id, title]) => <button key={id} type="button" aria-pressed={tab === id} onClick={() => setTab(id)}>{title}</button>)}
        </nav>
      </header>
      {tab === 'users' && (
        <UsersPanel users={users.value} nowMs={nowMs} currentUsername={session.username} actions={userActions} error={users.error} />
      )}
      {tab === 'tokens' && (
        <TokensPanel tokens={tokens.value} usernames={(users.value ?? []).map((u) => u.username)} nowMs={nowMs}
          filterUser={tokenUser} onFilterUser={setTokenUser} error={tokens.error}
          onIssue={(r) => trpc.admin.issueToken.mutate(r).then((x) => { bump(); return x; }, (e: unknown) => describeCallError(e))}
          onRevoke={(tokenId) => asResult(trpc.admin.revokeToken.mutate({ tokenId }).finally(bump))} />
      )}
      {tab === 'audit' && (
        <AuditPanel entries={audit.entries} chain={audit.chain} filters={auditFilters} onFilters={setAuditFilters}
          onLoadOlder={audit.hasOlder ? audit.loadOlder : null} loading={audit.loading} error={audit.error} />
      )}
    </main>
  );
}
