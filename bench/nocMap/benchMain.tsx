// Browser side of the NOC map benchmark: 2,000 synthetic sites, a live update every second, frame and update timings.
import { createRoot } from 'react-dom/client';
import { useEffect, useRef, useState } from 'react';
import { NocMap } from '../../client/features/noc/NocMap.js';
import type { SitePoint } from '../../client/features/noc/siteMapModel.js';
import type { SiteStatus } from '../../domain/assurance/siteStatus.js';
import '../../client/theme.css';
import '../../client/features/noc/noc.css';

const params = new URLSearchParams(location.search);
const SITES = Number(params.get('sites') ?? 2000);
const UPDATE_MS = Number(params.get('updateMs') ?? 1000);
const LEVELS: SiteStatus[] = ['met', 'met', 'met', 'met', 'at_risk', 'below_objective', 'breaching', 'no_data'];

function rng(seed: number) { let s = seed >>> 0; return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32); }

function makePoints(tick: number): SitePoint[] {
  const r = rng(42);
  const t = rng(1000 + tick);
  return Array.from({ length: SITES }, (_, i) => {
    const level = LEVELS[Math.floor(t() * LEVELS.length)]!;
    return {
      siteId: i, name: `S${i}`, city: 'c', province: 'p', region: 'r', tech: '5G', transportNodeId: i % 50,
      lon: 98 + r() * 24, lat: 22 + r() * 20,
      status: { status: level, cause: null, value: null, target: null }, assurance: null, creditsWindowFen: 0,
      live: { activeUsers: Math.floor(t() * 3000), openAlarms: t() < 0.03 ? 1 : 0, worstSeverity: 'major' },
      revenueFen: Math.floor(t() * 1e6), revenueAtRiskFen: 0,
    };
  });
}

declare global { interface Window { __bench?: { frames: number[]; updates: number[]; done: boolean } } }

function Bench() {
  const [tick, setTick] = useState(0);
  const [points, setPoints] = useState(() => makePoints(0));
  const pendingUpdate = useRef<number | null>(null);
  const result = useRef({ frames: [] as number[], updates: [] as number[], done: false });
  useEffect(() => {
    window.__bench = result.current;
    const iv = setInterval(() => setTick((x) => x + 1), UPDATE_MS);
    let last = performance.now();
    let raf = 0;
    const loop = (now: number) => { result.current.frames.push(now - last); last = now; raf = requestAnimationFrame(loop); };
    raf = requestAnimationFrame(loop);
    return () => { clearInterval(iv); cancelAnimationFrame(raf); };
  }, []);
  useEffect(() => {
    if (tick === 0) return;
    // Update cost: building the new data + React render + deck.gl attribute update and draw.
    pendingUpdate.current = performance.now();
    setPoints(makePoints(tick));
  }, [tick]);
  return (
    <NocMap points={points} sizeBy="users" selectedSiteId={null} onSelect={() => undefined} height={900}
      onAfterRender={() => {
        if (pendingUpdate.current !== null) { result.current.updates.push(performance.now() - pendingUpdate.current); pendingUpdate.current = null; }
      }} />
  );
}

createRoot(document.getElementById('root')!).render(<Bench />);
