// Chooses which report definition to show; rendered only when there is more than one.
import type { ReportDefinition } from '../../../schema/executive.js';

export interface DefinitionPickerProps {
  definitions: readonly ReportDefinition[];
  value: string;
  onChange: (id: string) => void;
}

export function DefinitionPicker({ definitions, value, onChange }: DefinitionPickerProps) {
  if (definitions.length < 2) return null;
  return (
    <label className="definition-picker">
      Report
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="definition-picker">
        {definitions.map((d) => <option key={d.id} value={d.id} title={d.source}>{d.title}</option>)}
      </select>
    </label>
  );
}
