// Chooses what the KPI cards compare the period with: the previous period, the same period a year ago, or both.
import { useMessages } from '../../i18n/I18nProvider.js';
import { EXECUTIVE_MESSAGES } from './executiveMessages.js';
import { COMPARISONS, type Comparison } from './executiveUrl.js';

export function ComparePicker({ value, onChange }: { value: Comparison; onChange: (c: Comparison) => void }) {
  const t = useMessages(EXECUTIVE_MESSAGES);
  return (
    <label className="definition-picker">
      {t('compare')}
      <select value={value} onChange={(e) => onChange(e.target.value as Comparison)} data-testid="compare-picker">
        {COMPARISONS.map((c) => <option key={c} value={c}>{t(`compare.${c}`)}</option>)}
      </select>
    </label>
  );
}
