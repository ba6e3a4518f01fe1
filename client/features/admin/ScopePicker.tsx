// Picks a user's data scope: all regions, or some regions (each covering its provinces) and single provinces.
import { useId } from 'react';
import { REGION_PROVINCES, type ScopeDraft } from './scopeDraft.js';

function toggle(xs: readonly string[], x: string): string[] { return xs.includes(x) ? xs.filter((y) => y !== x) : [...xs, x]; }

export function ScopePicker({ value, onChange }: { value: ScopeDraft; onChange: (d: ScopeDraft) => void }) {
  const mode = useId();
  return (
    <fieldset className="scope-picker">
      <legend>Data scope</legend>
      <label className="inline"><input type="radio" name={mode} checked={!value.limited} onChange={() => onChange({ ...value, limited: false })} /> All regions</label>
      <label className="inline"><input type="radio" name={mode} checked={value.limited} onChange={() => onChange({ ...value, limited: true })} /> Only these regions / provinces</label>
      {value.limited && (
        <div className="scope-regions">
          {REGION_PROVINCES.map(({ region, provinces }) => {
            const whole = value.regions.includes(region);
            return (
              <div key={region} className="scope-region">
                <label className="inline region"><input type="checkbox" checked={whole} onChange={() => onChange({ ...value, regions: toggle(value.regions, region) })} /> {region}</label>
                <div className="scope-provinces">
                  {provinces.map((p) => (
                    <label key={p} className="inline" title={whole ? `covered by region ${region}` : undefined}>
                      <input type="checkbox" disabled={whole} checked={whole || value.provinces.includes(p)}
                        onChange={() => onChange({ ...value, provinces: toggle(value.provinces, p) })} /> {p}
                    </label>
                  ))}
                </div>
              </div>
            );
          })}
        </div>
      )}
    </fieldset>
  );
}
