// The operator's time zone for every time the UI shows: chosen in the preferences (remembered), else the browser's.
import { safeStorage } from './locale.js';

const STORAGE_KEY = 'opsdeck.timeZone';

/** Zones offered in the picker first (the operator's own and UTC); any valid IANA name may be stored. */
export const SUGGESTED_TIME_ZONES = ['Asia/Shanghai', 'UTC', 'Asia/Hong_Kong', 'Asia/Urumqi', 'Europe/London', 'America/New_York'] as const;

export function isTimeZone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || tz === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function browserTimeZone(): string {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return isTimeZone(tz) ? tz : 'UTC';
}

export function initialTimeZone(storage: Pick<Storage, 'getItem'> | null = safeStorage()): string {
  const stored = storage?.getItem(STORAGE_KEY);
  return isTimeZone(stored) ? stored : browserTimeZone();
}

export function storeTimeZone(tz: string): void {
  safeStorage()?.setItem(STORAGE_KEY, tz);
}
