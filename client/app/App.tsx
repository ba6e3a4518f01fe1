// The app shell: navigation between feature pages by URL hash, one shared live dataset underneath.
import { Suspense, useEffect, useState } from 'react';
import { APP_PAGES, pageFor } from './appPages.js';

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
  const current = pageFor(useHash());
  const Page = current.component;
  return (
    <>
      <nav className="appnav" aria-label="OpsDeck pages">
        <span className="brand">OpsDeck</span>
        {APP_PAGES.map((p) => (
          <a key={p.path} href={p.path} title={p.audience} aria-current={p.path === current.path ? 'page' : undefined}>{p.title}</a>
        ))}
      </nav>
      <Suspense fallback={<main className="page"><p className="muted">Loading…</p></main>}>
        <Page />
      </Suspense>
    </>
  );
}
