// Picks the report period: its kind, previous/next, the period itself, or a custom range of days validated before anything is asked.
import { useState } from 'react';
import { PERIOD_KINDS, type PeriodKind, type ReportPeriod } from '../../../schema/executive.js';
import { parsePeriod } from '../../../domain/period/reportPeriod.js';
import {
  canStepForward, chooseCustomRange, inputValueOf, rangeOf, recentQuarters, stepPeriod, switchKind, type CustomRange, type PeriodChoice,
} from './periodSelection.js';

export interface PeriodPickerProps {
  /** The last valid period chosen. */
  period: ReportPeriod;
  /** Why the current choice cannot be reported (e.g. a reversed custom range); null when it can. */
  error: string | null;
  onChoose: (choice: PeriodChoice) => void;
  nowMs: number;
}

const KIND_LABELS: Record<PeriodKind, string> = { day: 'Day', week: 'ISO week', month: 'Month', quarter: 'Quarter', custom: 'Custom' };

function parseChoice(text: string): PeriodChoice {
  try { return { ok: true, period: parsePeriod(text) }; } catch (e) { return { ok: false, error: e instanceof Error ? e.message : String(e) }; }
}

/** The one input for a day, week or month (native pickers; where unsupported they accept the same text). */
function SinglePeriodInput({ period, onChoose, nowMs }: { period: ReportPeriod; onChoose: (c: PeriodChoice) => void; nowMs: number }) {
  if (period.kind === 'quarter') {
    const options = recentQuarters(nowMs, 12);
    if (!options.some((q) => q.label === period.label)) options.push(period);
    return (
      <select aria-label="Quarter" value={period.label} onChange={(e) => onChoose(parseChoice(e.target.value))} data-testid="period-input">
        {options.map((q) => <option key={q.label} value={q.label}>{q.label}</option>)}
      </select>
    );
  }
  const type = period.kind === 'day' ? 'date' : period.kind === 'week' ? 'week' : 'month';
  return (
    <input type={type} aria-label={KIND_LABELS[period.kind]} value={inputValueOf(period)} data-testid="period-input"
      onChange={(e) => { if (e.target.value) onChoose(parseChoice(e.target.value)); }} />
  );
}

function CustomRangeInputs({ range, onChange }: { range: CustomRange; onChange: (r: CustomRange) => void }) {
  return (
    <span className="custom-range">
      <label>From <input type="date" value={range.from} onChange={(e) => onChange({ ...range, from: e.target.value })} data-testid="custom-from" /></label>
      <label>to <input type="date" value={range.to} onChange={(e) => onChange({ ...range, to: e.target.value })} data-testid="custom-to" /></label>
    </span>
  );
}

export function PeriodPicker({ period, error, onChoose, nowMs }: PeriodPickerProps) {
  // The kind is the last valid period's: switching to custom turns the period into a custom one first.
  const kind = period.kind;
  const [range, setRange] = useState<CustomRange>(() => rangeOf(period));
  const choose = (c: PeriodChoice) => {
    if (c.ok) setRange(rangeOf(c.period));
    onChoose(c);
  };
  const onKind = (k: PeriodKind) => {
    if (k !== kind) choose({ ok: true, period: switchKind(k, period) });
  };
  const onRange = (r: CustomRange) => {
    setRange(r);
    onChoose(chooseCustomRange(r));
  };
  // While a custom draft is invalid, stepping works from the last valid period.
  const step = (dir: -1 | 1) => choose({ ok: true, period: stepPeriod(period, dir) });
  return (
    <fieldset className="period-picker" data-testid="period-picker">
      <legend className="sr-only">Report period</legend>
      <div className="kind-buttons" role="group" aria-label="Period kind">
        {PERIOD_KINDS.map((k) => (
          <button key={k} type="button" aria-pressed={kind === k} onClick={() => onKind(k)} data-testid={`period-kind-${k}`}>{KIND_LABELS[k]}</button>
        ))}
      </div>
      <button type="button" onClick={() => step(-1)} aria-label="Previous period" data-testid="period-prev">◀</button>
      {kind === 'custom'
        ? <CustomRangeInputs range={range} onChange={onRange} />
        : <SinglePeriodInput period={period} onChoose={choose} nowMs={nowMs} />}
      <button type="button" onClick={() => step(1)} aria-label="Next period" disabled={!canStepForward(period, nowMs)} data-testid="period-next">▶</button>
      {error && <span className="error" role="alert" data-testid="period-error">{error}</span>}
    </fieldset>
  );
}
