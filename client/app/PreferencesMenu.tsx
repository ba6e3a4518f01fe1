// Language, theme and time zone, in the navigation bar: every change applies at once and is remembered in this browser.
import { useI18n } from '../i18n/I18nProvider.js';
import { LOCALES, LOCALE_NAMES, isLocale } from '../i18n/locale.js';
import { SUGGESTED_TIME_ZONES } from '../i18n/timeZone.js';
import { THEMES, useTheme, type Theme } from '../ui/ThemeProvider.js';

export function PreferencesMenu() {
  const { t, locale, setLocale, timeZone, setTimeZone } = useI18n();
  const { theme, setTheme } = useTheme();
  const zones = SUGGESTED_TIME_ZONES.includes(timeZone as never) ? SUGGESTED_TIME_ZONES : [timeZone, ...SUGGESTED_TIME_ZONES];
  return (
    <div className="prefs" data-testid="preferences">
      <label><span className="sr-only">{t('language')}</span>
        <select value={locale} onChange={(e) => { if (isLocale(e.target.value)) setLocale(e.target.value); }} data-testid="pref-locale" aria-label={t('language')}>
          {LOCALES.map((l) => <option key={l} value={l} lang={l}>{LOCALE_NAMES[l]}</option>)}
        </select>
      </label>
      <label><span className="sr-only">{t('timeZone')}</span>
        <select value={timeZone} onChange={(e) => setTimeZone(e.target.value)} data-testid="pref-timezone" aria-label={t('timeZone')} title={t('timesIn', { tz: timeZone })}>
          {zones.map((z) => <option key={z} value={z}>{z}</option>)}
        </select>
      </label>
      <label><span className="sr-only">{t('theme')}</span>
        <select value={theme} onChange={(e) => setTheme(e.target.value as Theme)} data-testid="pref-theme" aria-label={t('theme')}>
          {THEMES.map((th) => <option key={th} value={th}>{th === 'dark' ? t('themeDark') : t('themeLight')}</option>)}
        </select>
      </label>
    </div>
  );
}
