// A user's scope resolved against the site list: which site ids and provinces their rows may come from.
import type { Scope } from '../../schema/access.js';
import { PROVINCES_BY_GEONAMES_CODE } from '../../schema/provinces.js';

export interface ScopeSite { site_id: number; province: string; region: string }

export class DataScope {
  /** Everything: an unscoped user. */
  static readonly ALL = new DataScope(null, null, null);

  constructor(
    readonly scope: Scope | null,
    /** Site ids in scope; null = every site. */
    readonly siteIds: ReadonlySet<number> | null,
    /** Provinces in scope (accounts are served by their province); null = every province. */
    readonly provinces: ReadonlySet<string> | null,
  ) {}

  get unrestricted(): boolean { return this.siteIds === null; }
  hasSite(siteId: number): boolean { return this.siteIds === null || this.siteIds.has(siteId); }
  hasProvince(province: string): boolean { return this.provinces === null || this.provinces.has(province); }
  /** True when any of the sites is in scope (a ticket about several sites is visible if one of them is). */
  hasAnySite(siteIds: readonly number[]): boolean { return this.siteIds === null || siteIds.some((s) => this.siteIds!.has(s)); }
}

export function resolveDataScope(scope: Scope | null, sites: readonly ScopeSite[]): DataScope {
  if (!scope) return DataScope.ALL;
  const regions = new Set(scope.regions);
  const provinces = new Set(scope.provinces);
  for (const p of Object.values(PROVINCES_BY_GEONAMES_CODE)) if (regions.has(p.region)) provinces.add(p.name);
  for (const s of sites) if (regions.has(s.region)) provinces.add(s.province);
  const siteIds = new Set(sites.filter((s) => provinces.has(s.province)).map((s) => s.site_id));
  return new DataScope(scope, siteIds, provinces);
}
