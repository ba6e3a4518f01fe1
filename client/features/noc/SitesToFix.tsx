// The ranked "sites to fix first" list beside the map: revenue at risk, credits owed, assurance.
import type { SitePoint } from './siteMapModel.js';
import { LEVEL_COLORS, LEVEL_LABELS } from './siteMapModel.js';
import { formatFen } from '../../../domain/money/formatMoney.js';
import { formatPct } from './nocFormat.js';

export interface SitesToFixProps {
  ranked: readonly SitePoint[];
  selectedSiteId: number | null;
  onSelect(siteId: number): void;
}

export function SitesToFix({ ranked, selectedSiteId, onSelect }: SitesToFixProps) {
  return (
    <section className="panel noc-fix" data-testid="sites-to-fix">
      <h2>Sites to fix first</h2>
      {ranked.length === 0 ? <p className="muted">every site with data meets its objective</p> : (
        <ol>
          {ranked.map((p) => (
            <li key={p.siteId} className={p.siteId === selectedSiteId ? 'selected' : ''}>
              <button type="button" onClick={() => onSelect(p.siteId)} data-site-id={p.siteId}>
                <i style={{ background: `rgb(${LEVEL_COLORS[p.level].join(',')})` }} title={LEVEL_LABELS[p.level]} />
                <span className="name">{p.name}</span>
                <span className="num risk">{formatFen(p.revenueAtRiskFen)}</span>
                <span className="num muted">{formatPct(p.assurance?.assurancePct ?? null, 2)}{p.assurance?.uplinkAssurancePct != null ? ` · UL ${formatPct(p.assurance.uplinkAssurancePct, 2)}` : ''} · credits {formatFen(p.assurance?.creditsFen ?? 0)}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
