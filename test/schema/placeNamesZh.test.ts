// Pins the Chinese place names: every province and region named, cities the planner uses covered, and spot checks.
import { describe, expect, it } from 'vitest';
import { PROVINCE_BY_GB_CODE, CHINA_PROVINCES } from '../../client/features/noc/chinaBasemap.js';
import { loadChineseCities } from '../../pipelines/simulator/plan/cityCatalog.js';
import { planSites } from '../../pipelines/simulator/plan/sitePlan.js';
import cityTable from '../../schema/cityNamesZh.json';
import { PROVINCE_NAMES_ZH, cityNameZh, provinceNameZh, regionNameZh } from '../../schema/placeNamesZh.js';
import { PROVINCES_BY_GEONAMES_CODE, REGIONS } from '../../schema/provinces.js';

/** Han characters only (plus the middle dot some transliterations use): no pinyin left in a zh name. */
const HAN_ONLY = /^[\p{Script=Han}·]{2,}$/u;

describe('province and region names', () => {
  it('names every province of the city catalog and of the NOC basemap', () => {
    const english = [...Object.values(PROVINCES_BY_GEONAMES_CODE).map((p) => p.name), ...Object.values(PROVINCE_BY_GB_CODE)];
    for (const en of english) expect(provinceNameZh(en), en).toMatch(HAN_ONLY);
  });

  it('names every region, and each province region', () => {
    expect(REGIONS.map(regionNameZh)).toEqual(['华北', '东北', '华东', '中南', '西南', '西北']);
    for (const p of Object.values(PROVINCES_BY_GEONAMES_CODE)) expect(regionNameZh(p.region), p.region).not.toBeNull();
  });

  it('uses the short forms dashboards print', () => {
    expect(provinceNameZh('Beijing')).toBe('北京');
    expect(provinceNameZh('Inner Mongolia')).toBe('内蒙古');
    expect(provinceNameZh('Guangxi')).toBe('广西');
    expect(provinceNameZh('Xinjiang')).toBe('新疆');
    expect(provinceNameZh('Tibet')).toBe('西藏');
    expect(provinceNameZh('Taiwan')).toBe('台湾');
    expect(provinceNameZh('Heilongjiang')).toBe('黑龙江');
    expect(provinceNameZh('Shaanxi')).toBe('陕西');
    expect(provinceNameZh('Shanxi')).toBe('山西');
  });

  it('returns null for unknown names, including inherited object keys', () => {
    expect(provinceNameZh('Atlantis')).toBeNull();
    expect(provinceNameZh('toString')).toBeNull();
    expect(regionNameZh('Far East')).toBeNull();
    expect(cityNameZh('Springfield', 'Jiangsu')).toBeNull();
    expect(cityNameZh('Kunshan', 'Zhejiang')).toBeNull();
  });

  it('agrees with the Chinese names on the china-geojson basemap, an independent source', () => {
    const stripSuffix = (zh: string) => zh.replace(/(省|市|特别行政区|壮族自治区|回族自治区|维吾尔自治区|自治区)$/, '');
    const named = CHINA_PROVINCES.features.filter((f) => f.properties.nameEn !== null);
    expect(named).toHaveLength(Object.keys(PROVINCE_BY_GB_CODE).length);
    for (const f of named) expect(provinceNameZh(f.properties.nameEn ?? ''), f.properties.name).toBe(stripSuffix(f.properties.name));
    // Features without an English name (Hong Kong, Macau) still carry a name the table knows.
    const zhNames = new Set<string>(Object.values(PROVINCE_NAMES_ZH));
    for (const f of CHINA_PROVINCES.features) expect(zhNames.has(stripSuffix(f.properties.name)), f.properties.name).toBe(true);
  });
});

describe('city names', () => {
  const cities = loadChineseCities();
  const inCatalog = (name: string, province: string) => cities.some((c) => c.name === name && c.province === province);

  // Expected names are general knowledge, not copied from the generated table; the catalog check keeps each
  // spelling honest (GeoNames writes Ürümqi and Xi’an with their diacritic and curly apostrophe).
  const spotChecks: [city: string, province: string, zh: string][] = [
    ['Shanghai', 'Shanghai', '上海'], ['Beijing', 'Beijing', '北京'], ['Guangzhou', 'Guangdong', '广州'],
    ['Shenzhen', 'Guangdong', '深圳'], ['Chengdu', 'Sichuan', '成都'], ['Kunshan', 'Jiangsu', '昆山'],
    ['Harbin', 'Heilongjiang', '哈尔滨'], ['Ürümqi', 'Xinjiang', '乌鲁木齐'], ['Hohhot', 'Inner Mongolia', '呼和浩特'],
    ['Lhasa', 'Tibet', '拉萨'], ['Xi’an', 'Shaanxi', '西安'], ['Tai’an', 'Shandong', '泰安'],
    ['Qiqihar', 'Heilongjiang', '齐齐哈尔'], ['Kashgar', 'Xinjiang', '喀什'], ['Ordos', 'Inner Mongolia', '鄂尔多斯'],
    // Same pinyin, different provinces: the province decides.
    ['Suzhou', 'Jiangsu', '苏州'], ['Suzhou', 'Anhui', '宿州'], ['Yichun', 'Heilongjiang', '伊春'], ['Yichun', 'Jiangxi', '宜春'],
    // A suffix character that belongs to the name stays; a county-level city drops 市.
    ['Jingdezhen', 'Jiangxi', '景德镇'], ['Shashi', 'Hubei', '沙市'], ['Jinshi', 'Hunan', '津市'], ['Changshu City', 'Jiangsu', '常熟'],
    // GeoNames places Changzhi ~150 km off, inside another prefecture; it is still the prefecture city.
    ['Changzhi', 'Shanxi', '长治'],
    // A district merged away in 2015, found on the old basemap.
    ['Zhabei', 'Shanghai', '闸北'],
  ];

  it.each(spotChecks)('%s (%s) is %s', (city, province, zh) => {
    expect(inCatalog(city, province), `${province}|${city} in the catalog`).toBe(true);
    expect(cityNameZh(city, province)).toBe(zh);
  });

  it('has only Han-character names, keyed by cities of the catalog', () => {
    const catalogKeys = new Set(cities.map((c) => `${c.province}|${c.name}`));
    for (const [key, zh] of Object.entries(cityTable as Record<string, string>)) {
      expect(catalogKeys.has(key), key).toBe(true);
      expect(zh, key).toMatch(HAN_ONLY);
    }
  });

  it('covers the largest cities: all of the top 100, at least 98.5 % of the top 600', () => {
    const covered = (n: number) => cities.slice(0, n).filter((c) => cityNameZh(c.name, c.province) !== null).length;
    expect(covered(100)).toBe(100);
    expect(covered(600)).toBeGreaterThanOrEqual(591);
  });

  it('names the cities of a 2,000-site plan, with at most 12 cities (20 sites) falling back to English', () => {
    const sites = planSites(42, 2000);
    const unnamedSites = sites.filter((s) => cityNameZh(s.city, s.province) === null);
    const unnamedCities = new Set(unnamedSites.map((s) => `${s.province}|${s.city}`));
    expect(unnamedCities.size).toBeLessThanOrEqual(12);
    expect(unnamedSites.length).toBeLessThanOrEqual(20);
  });
});
