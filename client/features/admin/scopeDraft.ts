// A data scope while it is being edited: "all regions", or a set of regions and provinces that must not stay empty.
import { PROVINCES_BY_GEONAMES_CODE, REGIONS } from '../../../schema/provinces.js';
import type { Scope } from '../../../schema/access.js';

export interface ScopeDraft { limited: boolean; regions: string[]; provinces: string[] }

/** Regions in catalog order, each with its provinces sorted by name. */
export const REGION_PROVINCES: readonly { region: string; provinces: string[] }[] = REGIONS.map((region) => ({
  region,
  provinces: Object.values(PROVINCES_BY_GEONAMES_CODE).filter((p) => p.region === region).map((p) => p.name).sort(),
}));

export function draftOf(scope: Scope | null): ScopeDraft {
  return scope ? { limited: true, regions: [...scope.regions], provinces: [...scope.provinces] } : { limited: false, regions: [], provinces: [] };
}

/**
 * The scope to send, or an error text. A province inside a chosen region is dropped: the region already
 * covers it, and keeping it would make a later "remove the region" look like it still granted the province.
 */
export function scopeOfDraft(d: ScopeDraft): { ok: true; scope: Scope | null } | { ok: false; error: string } {
  if (!d.limited) return { ok: true, scope: null };
  const regionOf = new Map(REGION_PROVINCES.flatMap((r) => r.provinces.map((p) => [p, r.region] as const)));
  const provinces = d.provinces.filter((p) => !d.regions.includes(regionOf.get(p) ?? ''));
  if (d.regions.length + provinces.length === 0) return { ok: false, error: 'Pick at least one region or province, or choose "all regions".' };
  return { ok: true, scope: { regions: [...d.regions], provinces } };
}
