// Picks a user's data scope: all regions, or some regions (each covering its provinces) and single provinces; names in the
// reader's language, values kept in English as the server stores them.
import { useId } from 'react';
import { useMessages } from '../../i18n/I18nProvider.js';
import { usePlaceNames } from '../../i18n/placeNames.js';
import { ADMIN_MESSAGES } from './adminMessages.js';
import { REGION_PROVINCES, type ScopeDraft } from './scopeDraft.js';

function toggle(xs: readonly string[], x: string): string[] { return xs.includes(x) ? xs.filter((y) => y !== x) : [...xs, x]; }

export function ScopePicker({ value, onChange, invalid = false }: { value: ScopeDraft; onChange: (d: ScopeDraft) => void; invalid?: boolean }) {
  const t = useMessages(ADMIN_MESSAGES);
  const places = usePlaceNames();
  const mode = useId();
  return (
    <fieldset className="scope-picker" aria-invalid={invalid || undefined} data-testid="scope-picker">
      <legend>{t('scopeLegend')}</legend>
      <label className="inline"><input type="radio" name={mode} checked={!value.limited} onChange={() => onChange({ ...value, limited: false })} /> {t('allRegions')}</label>
      <label className="inline"><input type="radio" name={mode} checked={value.limited} onChange={() => onChange({ ...value, limited: true })} /> {t('someRegions')}</label>
      {value.limited && (
        <div className="scope-regions">
          {REGION_PROVINCES.map(({ region, provinces }) => {
            const whole = value.regions.includes(region);
            return (
              <div key={region} className="scope-region">
                <label className="inline region"><input type="checkbox" checked={whole} value={region} onChange={() => onChange({ ...value, regions: toggle(value.regions, region) })} /> {places.region(region)}</label>
                <div className="scope-provinces">
                  {provinces.map((p) => (
                    <label key={p} className="inline" title={whole ? t('coveredBy', { region: places.region(region) }) : undefined}>
                      <input type="checkbox" disabled={whole} checked={whole || value.provinces.includes(p)} value={p}
                        onChange={() => onChange({ ...value, provinces: toggle(value.provinces, p) })} /> {places.province(p)}
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
