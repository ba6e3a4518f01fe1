// One way to show an instant: the operator's zone and language on screen, the same instant in UTC on hover.
import { useI18n } from '../i18n/I18nProvider.js';

export function Time({ ms, part = 'dateTime', testId }: { ms: number | null | undefined; part?: 'dateTime' | 'date' | 'time'; testId?: string }) {
  const { fmt } = useI18n();
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return <span>—</span>;
  return <time dateTime={new Date(ms).toISOString()} title={fmt.utc(ms)} data-testid={testId} data-ms={ms}>{fmt[part](ms)}</time>;
}

/** Stands for the instant in a message rendered for TimeInText: `t('lockedUntil', { time: TIME_MARK })`. */
export const TIME_MARK = '\u0000';

/** A translated sentence with an instant inside it ("locked until {time}"), the instant shown by <Time> wherever the language puts it. */
export function TimeInText({ text, ms }: { text: string; ms: number | null }) {
  const [before, after = ''] = text.split(TIME_MARK);
  return <>{before}<Time ms={ms} />{after}</>;
}
