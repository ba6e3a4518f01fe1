// The NOC map: deck.gl over an offline province basemap; sites coloured by status, sized by users or revenue, pulsing on
// alarms; a legend with the count per status, zoom / reset controls, and a view that fits the filtered selection.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import DeckGL, { type DeckGLRef } from '@deck.gl/react';
import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers';
import { WebMercatorViewport, type PickingInfo } from '@deck.gl/core';
import { SITE_STATUSES, countStatuses } from '../../../domain/assurance/siteStatus.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { usePlaceNames } from '../../i18n/placeNames.js';
import { useTheme } from '../../ui/ThemeProvider.js';
import { EmptyState, ErrorState, LoadingState, StaleNotice } from '../../ui/ViewState.js';
import { CHINA_PROVINCES, type ProvinceProps } from './chinaBasemap.js';
import { NOC_MESSAGES } from './nocMessages.js';
import { statusLine } from './nocFormat.js';
import { MAP_PALETTE, STATUS_DRAW_ORDER, STATUS_RGB, rgbCss } from './siteStatusStyle.js';
import { markerRadiusPx, type LonLatBounds, type SiteMaintenance, type SitePoint } from './siteMapModel.js';
import type { SizeBy } from './nocUrlState.js';
import './noc.css';

export type { SizeBy } from './nocUrlState.js';

/** A view to fit: `key` changes when the map should move there (a new filter, a searched site). */
export interface MapTarget { key: string; bounds: LonLatBounds | null }

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
  /** The view of the current selection: fitted when its key changes, and what "reset view" returns to (null bounds: all of China). */
  home?: MapTarget;
  /** A transient zoom (a site found by search): fitted when its key changes. */
  focus?: MapTarget | null;
  /** Data states drawn over the map: loading, error (no data at all), stale (older data kept). */
  loading?: boolean;
  error?: string | null;
  stale?: { asOfMs: number | null; reason: string } | null;
  onRetry?: () => void;
  /** Extra controls in the map's top-left corner (the site search). */
  controls?: ReactNode;
  /** Called after every deck.gl redraw (benchmarks measure frame and update cost with it). */
  onAfterRender?: () => void;
}

interface View { longitude: number; latitude: number; zoom: number; pitch: number; bearing: number }
const CHINA_VIEW: View = { longitude: 104.5, latitude: 35.5, zoom: 3.1, pitch: 0, bearing: 0 };
const MAX_FIT_ZOOM = 8;
/** Maintenance: a colour no status or alarm uses. */
const MAINTENANCE_RGB: [number, number, number] = [180, 140, 255];
const NO_MAINTENANCE: ReadonlyMap<number, readonly SiteMaintenance[]> = new Map();

/** Test/automation hook: screen position of a site inside the map canvas, and the map's visible bounds. */
export interface NocMapHandle { pixelOf(siteId: number): [number, number] | null; bounds(): [number, number, number, number] | null }
declare global { interface Window { __opsdeckNocMap?: NocMapHandle } }

function fitView(bounds: LonLatBounds | null, width: number, height: number): View {
  if (!bounds || width < 10 || height < 10) return CHINA_VIEW;
  const vp = new WebMercatorViewport({ width, height, longitude: CHINA_VIEW.longitude, latitude: CHINA_VIEW.latitude, zoom: CHINA_VIEW.zoom });
  const pad = Math.min(60, Math.floor(Math.min(width, height) / 6));
  const f = vp.fitBounds([[bounds.west, bounds.south], [bounds.east, bounds.north]], { padding: pad, maxZoom: MAX_FIT_ZOOM });
  return { longitude: f.longitude, latitude: f.latitude, zoom: f.zoom, pitch: 0, bearing: 0 };
}

export function NocMap({
  points, sizeBy, selectedSiteId, onSelect, highlightProvince = null, height = 560, maintenance, home, focus, loading = false, error = null,
  stale = null, onRetry, controls, onAfterRender,
}: NocMapProps) {
  const t = useMessages(NOC_MESSAGES);
  const { fmt } = useI18n();
  const places = usePlaceNames();
  const { theme } = useTheme();
  const palette = MAP_PALETTE[theme];
  const colors = STATUS_RGB[theme];
  const deckRef = useRef<DeckGLRef>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const downAt = useRef<[number, number] | null>(null);
  const [view, setView] = useState<View>(CHINA_VIEW);
  const [pulse, setPulse] = useState(0);
  const anyAlarm = points.some((p) => p.live.openAlarms > 0);

  const fitTo = (target: MapTarget | null | undefined) => {
    const el = boxRef.current;
    setView(fitView(target?.bounds ?? null, el?.clientWidth ?? 0, el?.clientHeight ?? 0));
  };
  // Move only when the target changes (a new filter or searched site), never on the every-second data refresh.
  useEffect(() => { fitTo(home); }, [home?.key]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => { if (focus) fitTo(focus); }, [focus?.key]); // eslint-disable-line react-hooks/exhaustive-deps

  // The pulse only changes a uniform (radiusScale) of the alarm layer: no attribute is rebuilt.
  useEffect(() => {
    if (!anyAlarm) return;
    const timer = setInterval(() => setPulse((x) => (x + 1) % 20), 80);
    return () => clearInterval(timer);
  }, [anyAlarm]);

  const maxSize = useMemo(() => Math.max(0, ...points.map((p) => (sizeBy === 'users' ? p.live.activeUsers : p.revenueFen))), [points, sizeBy]);
  const radius = (p: SitePoint) => markerRadiusPx(sizeBy === 'users' ? p.live.activeUsers : p.revenueFen, maxSize);
  // Within a status, small markers go on top of big ones so every site stays clickable.
  const ordered = useMemo(() => [...points].sort((a, b) => STATUS_DRAW_ORDER[a.status.status] - STATUS_DRAW_ORDER[b.status.status] || radius(b) - radius(a) || a.siteId - b.siteId),
    [points, sizeBy, maxSize]); // eslint-disable-line react-hooks/exhaustive-deps
  const alarmed = useMemo(() => ordered.filter((p) => p.live.openAlarms > 0), [ordered]);
  const inMaintenance = useMemo(() => (maintenance?.size ? ordered.filter((p) => maintenance.has(p.siteId)) : []), [ordered, maintenance]);
  const counts = useMemo(() => countStatuses(points.map((p) => p.status.status)), [points]);

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
      bounds() {
        const vp = deckRef.current?.deck?.getViewports()[0] as WebMercatorViewport | undefined;
        return vp ? vp.getBounds() : null;
      },
    };
  }, [byId]);

  const marks = maintenance ?? NO_MAINTENANCE;
  const [hover, setHover] = useState<{ x: number; y: number; p: SitePoint } | null>(null);
  // Our own tooltip (deck's widget placed it off the canvas in deck 9.4): React text, theme colours, kept inside the map.
  const tip = hover && (() => {
    const { p } = hover;
    const w = boxRef.current?.clientWidth ?? 0, h = boxRef.current?.clientHeight ?? 0;
    const style = { left: hover.x > w - 340 ? undefined : hover.x + 14, right: hover.x > w - 340 ? w - hover.x + 14 : undefined, top: hover.y > h - 150 ? undefined : hover.y + 14, bottom: hover.y > h - 150 ? h - hover.y + 14 : undefined };
    return (
      <div className="noc-tooltip" role="tooltip" style={style} data-testid="map-tooltip" data-site-id={p.siteId}>
        <b>{p.name}</b> · {p.tech}<br />
        {places.city(p.city, p.province)} · {places.province(p.province)}<br />
        <span className="noc-tip-status"><i style={{ background: rgbCss(colors[p.status.status]) }} aria-hidden="true" />{statusLine(p.status, t, fmt)}</span><br />
        {t('tip.users', { n: p.live.activeUsers })} · {t('tip.alarms', { n: p.live.openAlarms })}<br />
        {t('tip.risk', { amount: fmt.money(p.revenueAtRiskFen) })}
        {(marks.get(p.siteId) ?? []).map((m, i) => (
          <div key={i} className="noc-tip-maint">{t('map.maintenanceUntil', { name: m.name, time: fmt.dateTime(m.endsMs) })}{m.only ? ` ${t('map.maintenanceOnly', { what: m.only })}` : ''}</div>
        ))}
      </div>
    );
  })();

  const layers = [
    new GeoJsonLayer<ProvinceProps>({
      id: 'basemap-provinces',
      data: CHINA_PROVINCES as never,
      stroked: true, filled: true,
      getFillColor: (f: { properties: ProvinceProps }) => [...(highlightProvince && f.properties.nameEn === highlightProvince ? palette.provinceHighlight : palette.province), 255] as [number, number, number, number],
      getLineColor: [...palette.border, 255] as [number, number, number, number],
      lineWidthMinPixels: 0.6,
      updateTriggers: { getFillColor: [highlightProvince, theme], getLineColor: [theme] },
    }),
    new ScatterplotLayer<SitePoint>({
      id: 'site-alarm-pulse',
      data: alarmed,
      getPosition: (p) => [p.lon, p.lat],
      getRadius: (p) => radius(p) + 4,
      radiusUnits: 'pixels',
      radiusScale: 1 + pulse / 10,
      stroked: true, filled: false,
      getLineColor: (p) => [...(p.live.worstSeverity === 'critical' ? colors.breaching : colors.below_objective), 255] as [number, number, number, number],
      lineWidthMinPixels: 1.5,
      opacity: 1 - pulse / 22,
      updateTriggers: { getRadius: [sizeBy, maxSize], getLineColor: [theme] },
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
      getFillColor: (p) => [...colors[p.status.status], 235] as [number, number, number, number],
      stroked: true,
      getLineColor: (p) => [...(p.siteId === selectedSiteId ? palette.selected : palette.dotOutline), p.siteId === selectedSiteId ? 255 : 200] as [number, number, number, number],
      getLineWidth: (p) => (p.siteId === selectedSiteId ? 2.5 : 0.8),
      lineWidthUnits: 'pixels',
      updateTriggers: { getRadius: [sizeBy, maxSize], getFillColor: [theme], getLineColor: [selectedSiteId, theme], getLineWidth: [selectedSiteId] },
    }),
  ];

  const zoomBy = (d: number) => setView((v) => ({ ...v, zoom: Math.max(2, Math.min(12, v.zoom + d)) }));
  const empty = !loading && !error && points.length === 0;
  // Counts are a conclusion: only once the data for them is there.
  const counted = !loading && !error;
  return (
    <section className="noc-map-wrap" aria-label={t('map.label')}>
      {stale && <StaleNotice asOfMs={stale.asOfMs} reason={stale.reason} />}
      {/* Clicks are picked here rather than through deck's onClick: its tap gesture did not fire
          reliably under headless Chromium, while an explicit pick at the DOM click always does. */}
      <div ref={boxRef} className="noc-map" style={{ height, background: rgbCss(palette.background) }} data-testid="noc-map"
        data-state={loading ? 'loading' : error ? 'error' : empty ? 'empty' : 'ready'} data-sites={points.length}
        onPointerDown={(e) => { downAt.current = [e.clientX, e.clientY]; }}
        onClick={(e) => {
          if ((e.target as Element).closest('.noc-map-overlay')) return;
          // The end of a pan is not a click: it must not close the drill-down.
          const d = downAt.current;
          if (d && Math.hypot(e.clientX - d[0], e.clientY - d[1]) > 4) return;
          const rect = e.currentTarget.getBoundingClientRect();
          const info = deckRef.current?.pickObject({ x: e.clientX - rect.left, y: e.clientY - rect.top, radius: 4, layerIds: ['sites'] });
          onSelect((info?.object as SitePoint | undefined)?.siteId ?? null);
        }}>
        <DeckGL
          ref={deckRef}
          viewState={view}
          onViewStateChange={({ viewState }) => setView(viewState as View)}
          controller
          layers={layers}
          onHover={(info: PickingInfo<SitePoint>) => setHover(info.object ? { x: info.x, y: info.y, p: info.object } : null)}
          {...(onAfterRender ? { onAfterRender } : {})}
          getCursor={({ isHovering }) => (isHovering ? 'pointer' : 'grab')}
        />
        {tip}
        <div className="noc-map-overlay noc-map-tl">
          {controls}
        </div>
        <div className="noc-map-overlay noc-map-tr" role="group" aria-label={t('map.controls')}>
          <button type="button" className="noc-btn" onClick={() => zoomBy(1)} aria-label={t('map.zoomIn')} title={t('map.zoomIn')}>+</button>
          <button type="button" className="noc-btn" onClick={() => zoomBy(-1)} aria-label={t('map.zoomOut')} title={t('map.zoomOut')}>−</button>
          <button type="button" className="noc-btn" onClick={() => fitTo(home)} data-testid="map-reset">{t('map.reset')}</button>
        </div>
        {(loading || error || empty) && (
          <div className="noc-map-overlay noc-map-center">
            {loading ? <LoadingState what={t('nocData')} /> : error ? <ErrorState error={error} onRetry={onRetry} /> : <EmptyState>{t('map.empty')}</EmptyState>}
          </div>
        )}
        <div className="noc-map-overlay noc-legend" aria-label={t('map.legend')} role="group" data-testid="noc-legend">
          {SITE_STATUSES.map((s) => (
            <span key={s} data-testid={`legend-${s}`} data-count={counted ? counts[s] : ''} title={t(`statusHelp.${s}`)}>
              <i style={{ background: rgbCss(colors[s]) }} aria-hidden="true" />{t(`status.${s}`)}{counted ? ` ${fmt.count(counts[s])}` : ''}
            </span>
          ))}
          {maintenance && <span data-testid="legend-maintenance"><i className="noc-ring" style={{ borderColor: rgbCss(MAINTENANCE_RGB) }} aria-hidden="true" />{t('map.maintenance')}{inMaintenance.length ? ` ${fmt.count(inMaintenance.length)}` : ''}</span>}
          <span className="muted">{sizeBy === 'users' ? t('map.sizeUsers') : t('map.sizeRevenue')}</span>
        </div>
      </div>
    </section>
  );
}
