// The live NOC map: deck.gl over an offline province basemap; sites coloured by assurance, sized by users or revenue, pulsing on alarms.
import { useEffect, useMemo, useRef, useState } from 'react';
import DeckGL, { type DeckGLRef } from '@deck.gl/react';
import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { PickingInfo } from '@deck.gl/core';
import { CHINA_PROVINCES, type ProvinceProps } from './chinaBasemap.js';
import { LEVEL_COLORS, LEVEL_LABELS, markerRadiusPx, type AssuranceLevel, type SiteMaintenance, type SitePoint } from './siteMapModel.js';
import { formatFen } from '../../../domain/money/formatMoney.js';
import { formatPct } from './nocFormat.js';
import { formatUtc } from '../../ui/formatNumbers.js';

export type SizeBy = 'users' | 'revenue';

export interface NocMapProps {
  points: readonly SitePoint[];
  sizeBy: SizeBy;
  selectedSiteId: number | null;
  onSelect(siteId: number | null): void;
  /** Province to outline (filter), by English name. */
  highlightProvince?: string | null;
  height?: number;
  /** Sites covered by a maintenance window in force (ringed in violet, named in the tooltip); absent: no legend entry. */
  maintenance?: ReadonlyMap<number, readonly SiteMaintenance[]>;
  /** Called after every deck.gl redraw (benchmarks measure frame and update cost with it). */
  onAfterRender?: () => void;
}

const INITIAL_VIEW = { longitude: 104.5, latitude: 35.5, zoom: 3.1, pitch: 0, bearing: 0 };
// Drawn last = on top = picked first: the sites that need attention win over healthy neighbours.
const LEVEL_ORDER: Readonly<Record<AssuranceLevel, number>> = { no_data: 0, met: 1, at_risk: 2, degraded: 3, breached: 4 };
/** Maintenance: a colour no assurance level or alarm uses. */
const MAINTENANCE_RGB: [number, number, number] = [180, 140, 255];
const NO_MAINTENANCE: ReadonlyMap<number, readonly SiteMaintenance[]> = new Map();

/** Test/automation hook: screen position of a site inside the map canvas. */
export interface NocMapHandle { pixelOf(siteId: number): [number, number] | null }
declare global { interface Window { __opsdeckNocMap?: NocMapHandle } }

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function maintenanceHtml(marks: readonly SiteMaintenance[] | undefined): string {
  return (marks ?? []).map((m) => `<br/><span style="color:rgb(${MAINTENANCE_RGB.join(',')})">in maintenance: ${esc(m.name)} until ${formatUtc(m.endsMs)}${m.only ? ` (${esc(m.only)} only)` : ''}</span>`).join('');
}

function tooltip(info: PickingInfo<SitePoint>, maintenance: ReadonlyMap<number, readonly SiteMaintenance[]>): { html: string } | null {
  const p = info.object;
  if (!p) return null;
  const a = p.assurance;
  return {
    html: `<b>${esc(p.name)}</b> · ${esc(p.tech)}<br/>${esc(p.city)}, ${esc(p.province)}<br/>`
      + `${LEVEL_LABELS[p.level]} · assurance ${formatPct(a?.assurancePct ?? null)}${a?.strictestSlaMs != null ? ` vs ${a.strictestSlaMs} ms` : ''}<br/>`
      + `p95 now ${a?.currentP95LatencyMs?.toFixed(1) ?? '—'} ms · users ${p.live.activeUsers} · alarms ${p.live.openAlarms}<br/>`
      + `revenue at risk ${formatFen(p.revenueAtRiskFen)}${maintenanceHtml(maintenance.get(p.siteId))}`,
  };
}

export function NocMap({ points, sizeBy, selectedSiteId, onSelect, highlightProvince = null, height = 560, maintenance, onAfterRender }: NocMapProps) {
  const deckRef = useRef<DeckGLRef>(null);
  const [pulse, setPulse] = useState(0);
  const anyAlarm = points.some((p) => p.live.openAlarms > 0);

  // The pulse only changes a uniform (radiusScale) of the alarm layer: no attribute is rebuilt.
  useEffect(() => {
    if (!anyAlarm) return;
    const t = setInterval(() => setPulse((x) => (x + 1) % 20), 80);
    return () => clearInterval(t);
  }, [anyAlarm]);

  const maxSize = useMemo(() => Math.max(0, ...points.map((p) => (sizeBy === 'users' ? p.live.activeUsers : p.revenueFen))), [points, sizeBy]);
  const radius = (p: SitePoint) => markerRadiusPx(sizeBy === 'users' ? p.live.activeUsers : p.revenueFen, maxSize);
  // Within a level, small markers go on top of big ones so every site stays clickable.
  const ordered = useMemo(() => [...points].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || radius(b) - radius(a) || a.siteId - b.siteId),
    [points, sizeBy, maxSize]); // eslint-disable-line react-hooks/exhaustive-deps
  const alarmed = useMemo(() => ordered.filter((p) => p.live.openAlarms > 0), [ordered]);
  const inMaintenance = useMemo(() => (maintenance?.size ? ordered.filter((p) => maintenance.has(p.siteId)) : []), [ordered, maintenance]);

  const byId = useMemo(() => new Map(points.map((p) => [p.siteId, p])), [points]);
  useEffect(() => {
    window.__opsdeckNocMap = {
      pixelOf(siteId) {
        const p = byId.get(siteId);
        const vp = deckRef.current?.deck?.getViewports()[0];
        if (!p || !vp) return null;
        const [x, y] = vp.project([p.lon, p.lat]);
        return [x ?? 0, y ?? 0];
      },
    };
  }, [byId]);

  const layers = [
    new GeoJsonLayer<ProvinceProps>({
      id: 'basemap-provinces',
      data: CHINA_PROVINCES as never,
      stroked: true, filled: true,
      getFillColor: (f: { properties: ProvinceProps }) => (highlightProvince && f.properties.nameEn === highlightProvince ? [40, 64, 92, 255] : [22, 30, 40, 255]),
      getLineColor: [58, 74, 94, 255],
      lineWidthMinPixels: 0.6,
      updateTriggers: { getFillColor: [highlightProvince] },
    }),
    new ScatterplotLayer<SitePoint>({
      id: 'site-alarm-pulse',
      data: alarmed,
      getPosition: (p) => [p.lon, p.lat],
      getRadius: (p) => radius(p) + 4,
      radiusUnits: 'pixels',
      radiusScale: 1 + pulse / 10,
      stroked: true, filled: false,
      getLineColor: (p) => (p.live.worstSeverity === 'critical' ? [255, 84, 104, 255] : [255, 176, 32, 255]),
      lineWidthMinPixels: 1.5,
      opacity: 1 - pulse / 22,
      updateTriggers: { getRadius: [sizeBy, maxSize] },
    }),
    // A double violet ring (outer one fainter) reads as "hatched" beside the solid alarm pulse and selection outline.
    new ScatterplotLayer<SitePoint>({
      id: 'site-maintenance',
      data: inMaintenance,
      getPosition: (p) => [p.lon, p.lat],
      getRadius: (p) => radius(p) + 3,
      radiusUnits: 'pixels',
      stroked: true, filled: false,
      getLineColor: [...MAINTENANCE_RGB, 255],
      lineWidthUnits: 'pixels', getLineWidth: 2,
      updateTriggers: { getRadius: [sizeBy, maxSize] },
    }),
    new ScatterplotLayer<SitePoint>({
      id: 'site-maintenance-outer',
      data: inMaintenance,
      getPosition: (p) => [p.lon, p.lat],
      getRadius: (p) => radius(p) + 6,
      radiusUnits: 'pixels',
      stroked: true, filled: false,
      getLineColor: [...MAINTENANCE_RGB, 140],
      lineWidthUnits: 'pixels', getLineWidth: 1,
      updateTriggers: { getRadius: [sizeBy, maxSize] },
    }),
    new ScatterplotLayer<SitePoint>({
      id: 'sites',
      data: ordered,
      pickable: true,
      getPosition: (p) => [p.lon, p.lat],
      getRadius: radius,
      radiusUnits: 'pixels',
      getFillColor: (p) => [...LEVEL_COLORS[p.level], 230] as [number, number, number, number],
      stroked: true,
      getLineColor: (p) => (p.siteId === selectedSiteId ? [255, 255, 255, 255] : [11, 15, 20, 200]),
      getLineWidth: (p) => (p.siteId === selectedSiteId ? 2.5 : 0.8),
      lineWidthUnits: 'pixels',
      updateTriggers: { getRadius: [sizeBy, maxSize], getLineColor: [selectedSiteId], getLineWidth: [selectedSiteId] },
    }),
  ];

  return (
    // Clicks are picked here rather than through deck's onClick: its tap gesture did not fire
    // reliably under headless Chromium, while an explicit pick at the DOM click always does.
    <div className="noc-map" style={{ height }} data-testid="noc-map" onClick={(e) => {
      const rect = e.currentTarget.getBoundingClientRect();
      const info = deckRef.current?.pickObject({ x: e.clientX - rect.left, y: e.clientY - rect.top, radius: 4, layerIds: ['sites'] });
      onSelect((info?.object as SitePoint | undefined)?.siteId ?? null);
    }}>
      <DeckGL
        ref={deckRef}
        initialViewState={INITIAL_VIEW}
        controller
        layers={layers}
        getTooltip={((info: PickingInfo<SitePoint>) => tooltip(info, maintenance ?? NO_MAINTENANCE)) as never}
        {...(onAfterRender ? { onAfterRender } : {})}
        getCursor={({ isHovering }) => (isHovering ? 'pointer' : 'grab')}
      />
      <div className="noc-legend">
        {(Object.keys(LEVEL_COLORS) as AssuranceLevel[]).map((l) => (
          <span key={l}><i style={{ background: `rgb(${LEVEL_COLORS[l].join(',')})` }} />{LEVEL_LABELS[l]}</span>
        ))}
        {maintenance && <span data-testid="legend-maintenance"><i style={{ background: 'transparent', border: `2px solid rgb(${MAINTENANCE_RGB.join(',')})`, boxShadow: `0 0 0 2px rgba(${MAINTENANCE_RGB.join(',')},.45)`, width: 6, height: 6 }} />in maintenance{inMaintenance.length ? ` (${inMaintenance.length})` : ''}</span>}
        <span className="muted">size: {sizeBy === 'users' ? 'active users' : 'revenue'}</span>
      </div>
    </div>
  );
}
