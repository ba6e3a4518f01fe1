// The app shell: navigation between the pages the user's role may open (by URL hash), and who is signed in.
import { lazy, Suspense, useEffect, useState } from 'react';
import { AccountMenu } from '../features/account/AccountMenu.js';
import { isPrintReportHash } from '../features/executive/printRoute.js';
import { APP_PAGES } from './appPages.js';
import { allowedPages, choosePage } from './pageAccess.js';
import { useSession } from './SessionGate.js';
import './appShell.css';

// The print route renders without the nav bar (the PDF renderer prints it); loaded only when asked for.
const PrintReportRoute = lazy(() => import('../features/executive/PrintReportRoute.js').then((m) => ({ default: m.PrintReportRoute })));

function useHash(): string {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const on = () => setHash(window.location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash;
}

export function App() {
  const { session, can, signOut, changePassword } = useSession();
  const hash = useHash();
  const choice = choosePage(hash, APP_PAGES, can, session.roles);
  const visible = allowedPages(APP_PAGES, can);
  const currentPath = choice.kind === 'none' ? null : choice.page.path;
  const roles = session.roles.join(', ') || 'no role';
  if (isPrintReportHash(hash)) return <Suspense fallback={null}><PrintReportRoute hash={hash} /></Suspense>;
  return (
    <>
      <nav className="appnav" aria-label="OpsDeck pages">
        <span className="brand">OpsDeck</span>
        {visible.map((p) => (
          <a key={p.path} href={p.path} title={p.audience} aria-current={p.path === currentPath ? 'page' : undefined}>{p.title}</a>
        ))}
        <AccountMenu session={session} onSignOut={() => void signOut()} onChangePassword={changePassword} />
      </nav>
      {choice.kind === 'page' ? (
        <Suspense fallback={<main className="page"><p className="muted">Loading…</p></main>}>
          <choice.page.component />
        </Suspense>
      ) : (
        <main className="page">
          <section className="panel access-denied" role="alert" data-testid="access-denied">
            {choice.kind === 'forbidden' ? (
              <>
                <h2>{choice.page.title}</h2>
                <p>Your role ({roles}) may not open this page.</p>
                {visible[0] && <p className="muted">Go to <a href={visible[0].path}>{visible[0].title}</a> instead.</p>}
              </>
            ) : (
              <p>Your role ({roles}) may not open any OpsDeck page.</p>
            )}
          </section>
        </main>
      )}
    </>
  );
}
