// Province, region and city names in the UI language: the data keeps English (GeoNames) names; zh-CN shows Chinese.
import { useMemo } from 'react';
import { cityNameZh, provinceNameZh, regionNameZh } from '../../schema/placeNamesZh.js';
import { useI18n } from './I18nProvider.js';
import type { Locale } from './locale.js';

export interface PlaceNames {
  province(en: string): string;
  region(en: string): string;
  /** A city needs its province: GeoNames names repeat across provinces. */
  city(en: string, provinceEn: string): string;
}

export function placeNames(locale: Locale): PlaceNames {
  if (locale !== 'zh-CN') return { province: (p) => p, region: (r) => r, city: (c) => c };
  // Unknown names stay English rather than disappear.
  return {
    province: (p) => provinceNameZh(p) ?? p,
    region: (r) => regionNameZh(r) ?? r,
    city: (c, p) => cityNameZh(c, p) ?? c,
  };
}

export function usePlaceNames(): PlaceNames {
  const { locale } = useI18n();
  return useMemo(() => placeNames(locale), [locale]);
}
