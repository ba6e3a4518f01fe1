// Chooses which report definition to show; rendered only when there is more than one.
import type { ReportDefinition } from '../../../schema/executive.js';
import { useMessages } from '../../i18n/I18nProvider.js';
import { EXECUTIVE_MESSAGES } from './executiveMessages.js';
import { useReportNames } from './reportNames.js';

export interface DefinitionPickerProps {
  definitions: readonly ReportDefinition[];
  value: string;
  onChange: (id: string) => void;
}

export function DefinitionPicker({ definitions, value, onChange }: DefinitionPickerProps) {
  const t = useMessages(EXECUTIVE_MESSAGES);
  const names = useReportNames();
  if (definitions.length < 2) return null;
  return (
    <label className="definition-picker">
      {t('report')}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="definition-picker">
        {definitions.map((d) => <option key={d.id} value={d.id} title={d.source}>{names.text(d.title)}</option>)}
      </select>
    </label>
  );
}
