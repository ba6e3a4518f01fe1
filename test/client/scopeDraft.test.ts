// Pins how an edited data scope becomes the scope sent to the server.
import { describe, expect, it } from 'vitest';
import { draftOf, REGION_PROVINCES, scopeOfDraft } from '../../client/features/admin/scopeDraft.js';
import { PROVINCES_BY_GEONAMES_CODE } from '../../schema/provinces.js';

describe('scopeOfDraft', () => {
  it('is null (everything) when not limited, whatever was ticked', () => {
    expect(scopeOfDraft({ limited: false, regions: ['East'], provinces: [] })).toEqual({ ok: true, scope: null });
  });
  it('refuses a limited scope with nothing in it', () => {
    expect(scopeOfDraft({ limited: true, regions: [], provinces: [] }).ok).toBe(false);
  });
  it('drops a province its chosen region already covers', () => {
    // Zhejiang is in East; Sichuan in Southwest.
    expect(scopeOfDraft({ limited: true, regions: ['East'], provinces: ['Zhejiang', 'Sichuan'] }))
      .toEqual({ ok: true, scope: { regions: ['East'], provinces: ['Sichuan'] } });
  });
  it('round-trips a stored scope', () => {
    const scope = { regions: ['North'], provinces: ['Hainan'] };
    expect(scopeOfDraft(draftOf(scope))).toEqual({ ok: true, scope });
    expect(draftOf(null).limited).toBe(false);
  });
});

describe('REGION_PROVINCES', () => {
  it('lists every catalog province exactly once', () => {
    const listed = REGION_PROVINCES.flatMap((r) => r.provinces).sort();
    expect(listed).toEqual(Object.values(PROVINCES_BY_GEONAMES_CODE).map((p) => p.name).sort());
  });
});
