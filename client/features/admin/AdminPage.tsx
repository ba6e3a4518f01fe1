// The admin page: users and their roles and scopes, API tokens, and the audit trail (tabs; each shown to the permission it
// needs). The open tab, the user being edited and the filters live in the URL.
import { useCallback, useMemo } from 'react';
import { useAppServices } from '../../app/AppServices.js';
import { useHashState } from '../../app/hashRoute.js';
import { useSession } from '../../app/SessionGate.js';
import { describeCallError } from '../../api/trpcClient.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { ADMIN_MESSAGES } from './adminMessages.js';
import type { UserActions } from './adminTypes.js';
import { ADMIN_VIEW, type AdminTab } from './adminUrl.js';
import { AuditPanel } from './AuditPanel.js';
import type { AuditQuery } from './auditQuery.js';
import { TokensPanel } from './TokensPanel.js';
import { UsersPanel } from './UsersPanel.js';
import { useAuditTrail } from './useAuditTrail.js';
import { usePolling } from '../../ui/usePolling.js';
import './admin.css';

/** null when done, else the failure in words, as the forms show it. */
const asResult = (p: Promise<unknown>, describe: (e: unknown) => string): Promise<string | null> => p.then(() => null, describe);

export function AdminPage() {
  const { trpc } = useAppServices();
  const { session, can } = useSession();
  const { timeZone, t: common } = useI18n();
  const describe = useCallback((e: unknown) => describeCallError(e, common), [common]);
  const t = useMessages(ADMIN_MESSAGES);
  const [view, setView] = useHashState(ADMIN_VIEW);
  const tabs = useMemo(() => ([
    ['users', can('users.admin')], ['tokens', can('users.admin')], ['audit', can('audit.read')],
  ] as const).filter(([, ok]) => ok).map(([id]) => id), [can]);
  const tab: AdminTab = tabs.includes(view.tab) ? view.tab : tabs[0] ?? 'users';

  const users = usePolling(can('users.admin') ? () => trpc.admin.users.query() : null, 15_000, []);
  const tokensOf = view.tokensOf ?? '';
  const tokens = usePolling(tab === 'tokens' ? () => trpc.admin.tokens.query(tokensOf ? { username: tokensOf } : {}) : null, 15_000, [tokensOf, tab]);
  // JSON drops an undefined before/after; the panel reads them as null.
  const fetchAudit = useCallback((q: AuditQuery) => trpc.admin.audit.query(q)
    .then((r) => ({ chain: r.chain, entries: r.entries.map((e) => ({ ...e, before: e.before ?? null, after: e.after ?? null })) })), [trpc]);
  const audit = useAuditTrail(fetchAudit, view.audit, describe, tab === 'audit', timeZone);

  // Every change reloads the list it touched at once, keeping it on screen meanwhile.
  const refreshUsers = users.refresh;
  const refreshTokens = tokens.refresh;
  const userActions: UserActions = {
    create: (u) => asResult(trpc.admin.createUser.mutate(u).finally(refreshUsers), describe),
    update: (u) => asResult(trpc.admin.updateUser.mutate(u).finally(refreshUsers), describe),
    resetPassword: (username, password) => asResult(trpc.admin.resetPassword.mutate({ username, password }), describe),
    unlock: (username) => asResult(trpc.admin.unlockUser.mutate({ username }).finally(refreshUsers), describe),
  };
  const nowMs = Date.now();

  return (
    <main className="page admin" data-testid="admin-page">
      <header className="topbar page-head">
        <h1>{t('title')}</h1>
        <nav className="tabs" aria-label={t('sections')}>
          {tabs.map((id) => (
            <button key={id} type="button" aria-pressed={tab === id} data-testid={`admin-tab-${id}`}
              onClick={() => setView((v) => ({ ...v, tab: id }))}>{t(`tab.${id}`)}</button>
          ))}
        </nav>
      </header>
      <p className="muted admin-purpose">{t('purpose')}</p>
      {tab === 'users' && (
        <UsersPanel users={users.state} onRetry={refreshUsers} nowMs={nowMs} currentUsername={session.username} actions={userActions}
          selected={view.user} creating={view.creating}
          onNavigate={(n) => setView((v) => ({ ...v, user: n.selected, creating: n.creating }))} />
      )}
      {tab === 'tokens' && (
        <TokensPanel tokens={tokens.state} onRetry={refreshTokens} usernames={(users.value ?? []).map((u) => u.username)} nowMs={nowMs}
          filterUser={tokensOf} onFilterUser={(u) => setView((v) => ({ ...v, tokensOf: u || null }))}
          onIssue={(r) => trpc.admin.issueToken.mutate(r).then((x) => { refreshTokens(); return x; }, describe)}
          onRevoke={(tokenId) => asResult(trpc.admin.revokeToken.mutate({ tokenId }).finally(refreshTokens), describe)} />
      )}
      {tab === 'audit' && (
        <AuditPanel entries={audit.entries} chain={audit.chain} filters={view.audit} onFilters={(f) => setView((v) => ({ ...v, audit: f }))}
          onLoadOlder={audit.hasOlder ? audit.loadOlder : null} loading={audit.loading} error={audit.error} onRetry={audit.reload} asOfMs={audit.asOfMs} />
      )}
    </main>
  );
}
