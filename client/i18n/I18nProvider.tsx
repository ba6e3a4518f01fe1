// The user's language and time zone for the whole app: chosen once, remembered, and read by every component through context.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { COMMON_MESSAGES } from './commonMessages.js';
import { createFormatters, type Formatters } from './formatters.js';
import { initialLocale, storeLocale, type Locale } from './locale.js';
import { translator, type Catalog, type Messages, type Translate } from './messages.js';
import { initialTimeZone, isTimeZone, storeTimeZone } from './timeZone.js';

export interface I18n {
  locale: Locale;
  timeZone: string;
  fmt: Formatters;
  /** Shared words (COMMON_MESSAGES). */
  t: Translate<typeof COMMON_MESSAGES.en>;
  setLocale(l: Locale): void;
  setTimeZone(tz: string): void;
}

function makeI18n(locale: Locale, timeZone: string, setLocale: (l: Locale) => void, setTimeZone: (tz: string) => void): I18n {
  const fmt = createFormatters(locale, timeZone);
  return { locale, timeZone, fmt, t: translator(COMMON_MESSAGES, locale, fmt.count), setLocale, setTimeZone };
}

// Outside a provider (a unit test, a story without the decorator): English in UTC, choices ignored.
const I18nContext = createContext<I18n>(makeI18n('en', 'UTC', () => undefined, () => undefined));

export interface I18nProviderProps {
  children: ReactNode;
  /** Fixed start values (stories, tests); otherwise the remembered choice or the browser's. */
  locale?: Locale;
  timeZone?: string;
  /** Remember changes in localStorage (off for stories). */
  remember?: boolean;
}

export function I18nProvider({ children, locale: fixedLocale, timeZone: fixedZone, remember = true }: I18nProviderProps) {
  const [locale, setLocaleState] = useState<Locale>(() => fixedLocale ?? initialLocale());
  const [timeZone, setZoneState] = useState<string>(() => fixedZone ?? initialTimeZone());
  useEffect(() => { if (fixedLocale) setLocaleState(fixedLocale); }, [fixedLocale]);
  useEffect(() => { if (fixedZone) setZoneState(fixedZone); }, [fixedZone]);
  // Screen readers, hyphenation and the browser's own controls (date pickers) follow the page language.
  useEffect(() => { document.documentElement.lang = locale; }, [locale]);
  const setLocale = useCallback((l: Locale) => { setLocaleState(l); if (remember) storeLocale(l); }, [remember]);
  const setTimeZone = useCallback((tz: string) => { if (!isTimeZone(tz)) return; setZoneState(tz); if (remember) storeTimeZone(tz); }, [remember]);
  const value = useMemo(() => makeI18n(locale, timeZone, setLocale, setTimeZone), [locale, timeZone, setLocale, setTimeZone]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** A feature's own messages in the current language. */
export function useMessages<M extends Messages>(catalog: Catalog<M>): Translate<M> {
  const { locale, fmt } = useI18n();
  return useMemo(() => translator(catalog, locale, fmt.count), [catalog, locale, fmt]);
}
