// The explorer's from/to inputs: ISO days (YYYY-MM-DD, the rated tables' UTC days), checked before they are applied.
// A reversed or unreadable range is refused with a message and the last valid range stays applied; a day beyond the
// lake's rated days is clamped to them, with a note.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useI18n, useMessages } from '../../i18n/I18nProvider.js';
import { isoDay } from '../../../domain/period/isoDay.js';
import { DAY_MS, isPartialIsoDay, resolveRange, type LakeDays, type RangeIssue, type RangeNote, type ResolvedRange } from './dateRange.js';
import { usePeriodText, type ExplorerPeriod } from './explorerPeriod.js';
import { REVENUE_MESSAGES } from './revenueMessages.js';

export interface DateRangeInputsProps {
  /** The range in the URL, as written (to inclusive). */
  from: string | null;
  to: string | null;
  lake: LakeDays | null;
  /** What became of the URL's range (a shared link may hold a bad one). */
  urlRange: ResolvedRange;
  /** The period the page currently shows, for "still showing …". */
  appliedPeriod: ExplorerPeriod | null;
  onApply: (from: string | null, to: string | null) => void;
}

export function DateRangeInputs({ from, to, lake, urlRange, appliedPeriod, onApply }: DateRangeInputsProps) {
  const t = useMessages(REVENUE_MESSAGES);
  const i18n = useI18n();
  const { fmt } = i18n;
  const periodText = usePeriodText();
  const id = useId();
  const [draft, setDraft] = useState({ from: from ?? '', to: to ?? '' });
  const [issue, setIssue] = useState<RangeIssue | null>(null);
  const [notes, setNotes] = useState<RangeNote[]>([]);
  const applied = useRef<{ from: string | null; to: string | null } | null>(null);

  // The URL moved (our own apply, back/forward, a link): the inputs show it; notes of an earlier apply go.
  useEffect(() => {
    setDraft({ from: from ?? '', to: to ?? '' });
    setIssue(null);
    if (applied.current?.from !== from || applied.current?.to !== to) setNotes([]);
  }, [from, to]);

  const commit = (next: { from: string; to: string }, final: boolean) => {
    const f = next.from.trim(), tt = next.to.trim();
    // While a date is still being typed nothing is judged; leaving the field (or Enter) judges what is there.
    if (!final && ((f && isPartialIsoDay(f)) || (tt && isPartialIsoDay(tt)))) { setIssue(null); return; }
    const r = resolveRange(f || null, tt || null, lake);
    if (r.issue) { setIssue(r.issue); return; }
    const nf = r.fromMs === null ? null : isoDay(r.fromMs);
    const nt = r.toMs === null ? null : isoDay(r.toMs - DAY_MS);
    setIssue(null);
    setNotes(r.notes);
    setDraft({ from: nf ?? '', to: nt ?? '' });
    applied.current = { from: nf, to: nt };
    if (nf !== from || nt !== to) onApply(nf, nt);
  };
  const change = (side: 'from' | 'to', value: string) => {
    const next = { ...draft, [side]: value };
    setDraft(next);
    commit(next, false);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => { if (e.key === 'Enter') commit(draft, true); };

  const describe = (i: RangeIssue): string => {
    if (i.kind === 'badFormat') return t('range.badFormat', { text: i.text, example: isoDay(lake?.lastDayMs ?? Date.UTC(2026, 10, 30)) });
    if (i.kind === 'reversed') return i18n.t('invalidRange', { from: fmt.day(i.fromMs), to: fmt.day(i.toDayMs) });
    return t('range.outside', { first: fmt.day(i.lake.firstDayMs), last: fmt.day(i.lake.lastDayMs) });
  };
  const noteText = (n: RangeNote) => t(n.side === 'from' ? 'range.clampedFrom' : 'range.clampedTo', { asked: fmt.day(n.askedMs), used: fmt.day(n.usedMs) });
  const error = issue ? `${describe(issue)} ${t('range.notApplied', { period: periodText(appliedPeriod) })}`
    : urlRange.issue ? `${describe(urlRange.issue)} ${t('range.linkIgnored')}` : null;
  const shownNotes = notes.length ? notes : urlRange.notes;
  const shownIssue = issue ?? urlRange.issue;
  const bad = (side: 'from' | 'to') => Boolean(shownIssue && (shownIssue.kind !== 'badFormat' || shownIssue.side === side));
  const hint = lake ? t('f.dateHint', { first: isoDay(lake.firstDayMs), last: isoDay(lake.lastDayMs) }) : 'YYYY-MM-DD';
  const days: number[] = [];
  if (lake) for (let d = lake.firstDayMs; d <= lake.lastDayMs && days.length < 400; d += DAY_MS) days.push(d);
  const input = (side: 'from' | 'to') => (
    <input type="text" inputMode="numeric" autoComplete="off" spellCheck={false} placeholder="YYYY-MM-DD" size={11} list={`${id}-days`}
      value={draft[side]} onChange={(e) => change(side, e.target.value)} onBlur={() => commit(draft, true)} onKeyDown={onKey}
      aria-invalid={bad(side) || undefined} aria-describedby={`${id}-hint${error ? ` ${id}-msg` : ''}`} title={hint} data-testid={`filter-${side}`} />
  );
  return (
    <div className="date-range">
      <label className="inline">{t('f.from')} {input('from')}</label>
      <label className="inline">{t('f.to')} {input('to')}</label>
      <span id={`${id}-hint`} className="sr-only">{hint}</span>
      <datalist id={`${id}-days`}>{days.map((d) => <option key={d} value={isoDay(d)}>{fmt.day(d)}</option>)}</datalist>
      {error && <p id={`${id}-msg`} className="range-msg error-text" role="alert" data-testid="date-range-error">{error}</p>}
      {!error && shownNotes.length > 0 && (
        <p className="range-msg note-text" role="status" data-testid="date-range-note">{shownNotes.map(noteText).join(' ')}</p>
      )}
    </div>
  );
}
