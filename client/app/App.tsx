// The app shell: navigation between feature pages by URL hash, one shared live dataset underneath.
import { Suspense, useEffect, useState } from 'react';
import { ROUTES, routeFor } from './routes.js';

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
  const route = routeFor(useHash());
  const Page = route.page;
  return (
    <>
      <nav className="appnav" aria-label="OpsDeck pages">
        <span className="brand">OpsDeck</span>
        {ROUTES.map((r) => (
          <a key={r.path} href={r.path} title={r.audience} aria-current={r.path === route.path ? 'page' : undefined}>{r.title}</a>
        ))}
      </nav>
      <Suspense fallback={<main className="page"><p className="muted">Loading…</p></main>}>
        <Page />
      </Suspense>
    </>
  );
}
