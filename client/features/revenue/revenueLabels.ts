// Display names of the explorer's dimension values in the UI language (filters and SQL keep the English values).
import { useMemo } from 'react';
import { useMessages } from '../../i18n/I18nProvider.js';
import { usePlaceNames } from '../../i18n/placeNames.js';
import { REVENUE_MESSAGES } from './revenueMessages.js';

export interface RevenueLabels {
  tier(id: number): string;
  segment(key: string): string;
  channel(key: string): string;
  region(key: string): string;
  province(key: string): string;
  model(key: string): string;
}

/** The model name the rating gives usage-less revenue (subscriptions of accounts that used no model). */
export const NO_USAGE_MODEL = '(no usage)';

export function useRevenueLabels(tierNames: Readonly<Record<number, string>>): RevenueLabels {
  const t = useMessages(REVENUE_MESSAGES);
  const places = usePlaceNames();
  return useMemo(() => {
    // An unknown value (a newer catalog than these messages) shows as stored rather than as a message key.
    const known = (prefix: 'segment' | 'channel', key: string) => {
      const id = `${prefix}.${key}` as keyof typeof REVENUE_MESSAGES.en;
      return id in REVENUE_MESSAGES.en ? t(id) : key;
    };
    return {
      tier: (id) => tierNames[id] ?? t('tierUnknown', { id }),
      segment: (k) => known('segment', k),
      channel: (k) => known('channel', k),
      region: (k) => places.region(k),
      province: (k) => places.province(k),
      model: (k) => (k === NO_USAGE_MODEL ? t('model.noUsage') : k),
    };
  }, [t, places, tierNames]);
}
