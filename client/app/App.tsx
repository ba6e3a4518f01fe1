// The app shell: navigation between the pages the user's role may open (by URL hash), the page's title, not-found and
// refusal pages, preferences and who is signed in.
import { lazy, Suspense, useEffect } from 'react';
import { AccountMenu } from '../features/account/AccountMenu.js';
import { isPrintReportHash } from '../features/executive/printRoute.js';
import { useI18n, useMessages } from '../i18n/I18nProvider.js';
import { LoadingState } from '../ui/ViewState.js';
import { APP_MESSAGES } from './appMessages.js';
import { APP_PAGES } from './appPages.js';
import { useHash } from './hashRoute.js';
import { allowedPages, choosePage } from './pageAccess.js';
import { PreferencesMenu } from './PreferencesMenu.js';
import { useSession } from './SessionGate.js';
import './appShell.css';

// The print route renders without the nav bar (the PDF renderer prints it); loaded only when asked for.
const PrintReportRoute = lazy(() => import('../features/executive/PrintReportRoute.js').then((m) => ({ default: m.PrintReportRoute })));

export function App() {
  const { session, can, signOut, changePassword } = useSession();
  const { t } = useI18n();
  const tp = useMessages(APP_MESSAGES);
  const hash = useHash();
  const choice = choosePage(hash, APP_PAGES, can, session.roles);
  const visible = allowedPages(APP_PAGES, can);
  const current = choice.kind === 'page' || choice.kind === 'forbidden' ? choice.page : null;
  const roles = session.roles.join(', ') || t('noRole');
  const title = choice.kind === 'not-found' ? t('notFoundTitle') : current ? tp(current.titleKey) : tp('brand');
  // Each view its own tab title, so several OpsDeck tabs (and the browser history) can be told apart.
  const printing = isPrintReportHash(hash);
  useEffect(() => { if (!printing) document.title = `${title} · OpsDeck`; }, [title, printing]);
  if (printing) return <Suspense fallback={null}><PrintReportRoute hash={hash} /></Suspense>;
  return (
    <>
      <nav className="appnav" aria-label={t('navLabel')}>
        <span className="brand">OpsDeck</span>
        {visible.map((p) => (
          <a key={p.path} href={p.path} title={tp(p.audienceKey)} aria-current={p === current ? 'page' : undefined}>{tp(p.titleKey)}</a>
        ))}
        <PreferencesMenu />
        <AccountMenu session={session} onSignOut={() => void signOut()} onChangePassword={changePassword} />
      </nav>
      {choice.kind === 'page' ? (
        <Suspense fallback={<main className="page"><LoadingState /></main>}>
          <choice.page.component />
        </Suspense>
      ) : (
        <main className="page">
          <section className="panel access-denied" role="alert" data-testid={choice.kind === 'not-found' ? 'not-found' : 'access-denied'}>
            {choice.kind === 'forbidden' ? (
              <>
                <h1>{tp(choice.page.titleKey)}</h1>
                <p>{t('forbidden', { roles })}</p>
                {visible[0] && <p className="muted"><a href={visible[0].path}>{t('forbiddenGo', { page: tp(visible[0].titleKey) })}</a></p>}
              </>
            ) : choice.kind === 'not-found' ? (
              <>
                <h1>{t('notFoundTitle')}</h1>
                <p>{t('notFoundBody', { path: choice.path })}</p>
                {choice.fallback && <p><a href={choice.fallback.path}>{t('notFoundGo', { page: tp(choice.fallback.titleKey) })}</a></p>}
              </>
            ) : (
              <p>{t('noPage', { roles })}</p>
            )}
          </section>
        </main>
      )}
    </>
  );
}
