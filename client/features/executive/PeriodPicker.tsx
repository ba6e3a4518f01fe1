// Picks the report period: its kind, previous/next, the period itself, or a custom range of days validated before anything
// is asked (a reversed range is refused with a message saying why, never requested).
import { useEffect, useState } from 'react';
import { PERIOD_KINDS, type PeriodKind, type ReportPeriod } from '../../../schema/executive.js';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { EXECUTIVE_MESSAGES } from './executiveMessages.js';
import {
  canStepForward, chooseCustomRange, choosePeriod, inputValueOf, rangeOf, recentQuarters, stepPeriod, switchKind,
  type CustomRange, type PeriodChoice, type PeriodError,
} from './periodSelection.js';
import { dayText, periodName } from './reportStamps.js';

export interface PeriodPickerProps {
  /** The period shown (the last valid one chosen). */
  period: ReportPeriod;
  /** Why the current choice cannot be reported (e.g. a reversed custom range); null when it can. */
  error: PeriodError | null;
  onChoose: (choice: PeriodChoice) => void;
  nowMs: number;
}

/** A period error in the reader's language. */
export function usePeriodErrorText(): (e: PeriodError) => string {
  const { t: tc, locale } = useI18n();
  const t = useMessages(EXECUTIVE_MESSAGES);
  return (e) => {
    switch (e.code) {
      case 'incomplete': return t('rangeIncomplete');
      case 'reversed': return tc('invalidRange', { from: dayText(Date.parse(`${e.from}T00:00:00Z`), locale), to: dayText(Date.parse(`${e.to}T00:00:00Z`), locale) });
      case 'too-long': return t('rangeTooLong', { days: String(e.days), max: String(e.max) });
      case 'invalid': return t('periodInvalid', { reason: e.reason });
    }
  };
}

/** The one input for a day, week or month (native pickers; where unsupported they accept the same text). */
function SinglePeriodInput({ period, onChoose, nowMs }: { period: ReportPeriod; onChoose: (c: PeriodChoice) => void; nowMs: number }) {
  const { locale } = useI18n();
  const t = useMessages(EXECUTIVE_MESSAGES);
  if (period.kind === 'quarter') {
    const options = recentQuarters(nowMs, 12);
    if (!options.some((q) => q.label === period.label)) options.push(period);
    return (
      <select aria-label={t('kind.quarter')} value={period.label} onChange={(e) => onChoose(choosePeriod(e.target.value))} data-testid="period-input">
        {options.map((q) => <option key={q.label} value={q.label}>{periodName(q, locale)}</option>)}
      </select>
    );
  }
  const type = period.kind === 'day' ? 'date' : period.kind === 'week' ? 'week' : 'month';
  return (
    <input type={type} aria-label={t(`kind.${period.kind === 'custom' ? 'day' : period.kind}`)} value={inputValueOf(period)} data-testid="period-input"
      title={periodName(period, locale)}
      onChange={(e) => { if (e.target.value) onChoose(choosePeriod(e.target.value)); }} />
  );
}

function CustomRangeInputs({ range, invalid, onChange }: { range: CustomRange; invalid: boolean; onChange: (r: CustomRange) => void }) {
  const t = useMessages(EXECUTIVE_MESSAGES);
  const a11y = invalid ? { 'aria-invalid': true, 'aria-describedby': 'period-error' } as const : {};
  return (
    <span className="custom-range">
      <label>{t('rangeFrom')} <input type="date" value={range.from} onChange={(e) => onChange({ ...range, from: e.target.value })} data-testid="custom-from" {...a11y} /></label>
      <label>{t('rangeTo')} <input type="date" value={range.to} onChange={(e) => onChange({ ...range, to: e.target.value })} data-testid="custom-to" {...a11y} /></label>
    </span>
  );
}

export function PeriodPicker({ period, error, onChoose, nowMs }: PeriodPickerProps) {
  const t = useMessages(EXECUTIVE_MESSAGES);
  const errorText = usePeriodErrorText();
  // The kind is the last valid period's: switching to custom turns the period into a custom one first.
  const kind = period.kind;
  const [range, setRange] = useState<CustomRange>(() => rangeOf(period));
  // The period may change from outside (back/forward, a shared URL): the range inputs follow it.
  useEffect(() => { setRange(rangeOf(period)); }, [period.label]); // eslint-disable-line react-hooks/exhaustive-deps
  const onKind = (k: PeriodKind) => {
    if (k !== kind) onChoose({ ok: true, period: switchKind(k, period) });
  };
  const onRange = (r: CustomRange) => {
    setRange(r);
    onChoose(chooseCustomRange(r));
  };
  // While a custom draft is invalid, stepping works from the last valid period.
  const step = (dir: -1 | 1) => onChoose({ ok: true, period: stepPeriod(period, dir) });
  return (
    <fieldset className="period-picker" data-testid="period-picker">
      <legend className="sr-only">{t('periodLegend')}</legend>
      <div className="kind-buttons" role="group" aria-label={t('periodKind')}>
        {PERIOD_KINDS.map((k) => (
          <button key={k} type="button" aria-pressed={kind === k} onClick={() => onKind(k)} data-testid={`period-kind-${k}`}>{t(`kind.${k}`)}</button>
        ))}
      </div>
      <button type="button" onClick={() => step(-1)} aria-label={t('previousPeriod')} title={t('previousPeriod')} data-testid="period-prev">◀</button>
      {kind === 'custom'
        ? <CustomRangeInputs range={range} invalid={error !== null} onChange={onRange} />
        : <SinglePeriodInput period={period} onChoose={onChoose} nowMs={nowMs} />}
      <button type="button" onClick={() => step(1)} aria-label={t('nextPeriod')} title={t('nextPeriod')} disabled={!canStepForward(period, nowMs)} data-testid="period-next">▶</button>
      {error && <span className="error" id="period-error" role="alert" data-testid="period-error">{errorText(error)}</span>}
    </fieldset>
  );
}
