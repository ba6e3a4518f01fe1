// The report's server-sent English names in the reader's language: KPIs by id, built-in titles, columns and cell words by
// their English text, provinces by the shared place names; anything unknown stays as the server sent it.
import { useMemo } from 'react';
import { useI18n } from '../../i18n/I18nProvider.js';
import type { Locale } from '../../i18n/locale.js';
import { translator, type Message } from '../../i18n/messages.js';
import { placeNames } from '../../i18n/placeNames.js';
import { REPORT_NAME_MESSAGES } from './executiveMessages.js';

export interface ReportNames {
  /** A KPI's label by its id (the server's label when the id is not a built-in one). */
  kpi(id: string, serverLabel: string): string;
  /** A KPI's one-line definition by id, or the given fallback. */
  kpiDefinition(id: string, fallback: string | undefined): string | undefined;
  /** A title, audience, column label or cell word: translated when it is built-in English text, else unchanged. */
  text(serverText: string): string;
  /** A table cell's text: province names through the place names, other words as `text`. */
  cell(columnKey: string, value: string): string;
}

const zhTable = REPORT_NAME_MESSAGES['zh-CN'] as Record<string, Message>;

export function reportNames(locale: Locale): ReportNames {
  if (locale === 'en') {
    return { kpi: (_id, label) => label, kpiDefinition: (_id, d) => d, text: (s) => s, cell: (_k, v) => v };
  }
  const t = translator(REPORT_NAME_MESSAGES, locale);
  const has = (key: string) => Object.prototype.hasOwnProperty.call(zhTable, key);
  const places = placeNames(locale);
  const text = (s: string) => (has(s) ? t(s as keyof typeof REPORT_NAME_MESSAGES.en) : s);
  return {
    kpi: (id, label) => (has(`kpi.${id}`) ? t(`kpi.${id}` as keyof typeof REPORT_NAME_MESSAGES.en) : label),
    kpiDefinition: (id, d) => (has(`def.${id}`) ? t(`def.${id}` as keyof typeof REPORT_NAME_MESSAGES.en) : d),
    text,
    cell: (key, v) => (key === 'province' ? places.province(v) : text(v)),
  };
}

export function useReportNames(): ReportNames {
  const { locale } = useI18n();
  return useMemo(() => reportNames(locale), [locale]);
}
