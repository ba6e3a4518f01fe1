// The UI languages, the one the user chose (remembered in this browser) or else the browser's own preference.
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language named in itself, as a language picker shows it. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { 'zh-CN': '中文', en: 'English' };

const STORAGE_KEY = 'opsdeck.locale';

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** A stored choice wins; otherwise Chinese for a browser that prefers any Chinese, English for the rest. */
export function initialLocale(storage: Pick<Storage, 'getItem'> | null = safeStorage(), languages: readonly string[] = browserLanguages()): Locale {
  const stored = storage?.getItem(STORAGE_KEY);
  if (isLocale(stored)) return stored;
  const first = languages[0]?.toLowerCase() ?? '';
  return first.startsWith('zh') ? 'zh-CN' : 'en';
}

export function storeLocale(locale: Locale): void {
  safeStorage()?.setItem(STORAGE_KEY, locale);
}

function browserLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : navigator.languages?.length ? navigator.languages : [navigator.language];
}

/** localStorage, or null where it is missing or refused (private mode, a sandboxed frame). */
export function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
