// Message catalogs: each feature defines its English words and their Chinese beside them (the compiler insists on both).
import type { Locale } from './locale.js';

/** A message: plain text with {name} placeholders, or plural forms chosen by the `n` parameter. */
export type Message = string | { one?: string; other: string };
export type Messages = Record<string, Message>;

export interface Catalog<M extends Messages> {
  en: M;
  'zh-CN': { [K in keyof M]: Message };
}

/** A feature's catalog; zh-CN must name every key English has (and no other). */
export function defineMessages<M extends Messages>(en: M, zhCN: { [K in keyof M]: Message }): Catalog<M> {
  return { en, 'zh-CN': zhCN };
}

export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate<M extends Messages> = (key: keyof M & string, params?: MessageParams) => string;

/** Replaces {name} with params.name; an unknown placeholder is left visible rather than silently dropped. */
export function interpolate(text: string, params: MessageParams | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

export function translator<M extends Messages>(catalog: Catalog<M>, locale: Locale, formatCount: (n: number) => string = String): Translate<M> {
  const table = catalog[locale] as Record<string, Message>;
  return (key, params) => {
    const m = table[key] ?? catalog.en[key];
    if (m === undefined) return key;
    let text: string;
    if (typeof m === 'string') text = m;
    else {
      let rules = pluralRules.get(locale);
      if (!rules) pluralRules.set(locale, rules = new Intl.PluralRules(locale));
      const n = Number(params?.n ?? 0);
      text = rules.select(n) === 'one' && m.one !== undefined ? m.one : m.other;
    }
    // Counts read in the locale's grouping (12,345), whatever the caller passed.
    const shown = params && typeof params.n === 'number' ? { ...params, n: formatCount(params.n) } : params;
    return interpolate(text, shown);
  };
}
