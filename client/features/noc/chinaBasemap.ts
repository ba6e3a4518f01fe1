// The offline basemap: China's province boundaries from the npm package china-geojson (MIT, antvis), bundled by Vite.
import type { FeatureCollection, Geometry } from './geoTypes.js';
import chinaJson from 'china-geojson/src/geojson/china.json';

/** GB/T 2260 province codes (the package's feature ids) -> the English names used in `site.province`. */
export const PROVINCE_BY_GB_CODE: Readonly<Record<string, string>> = {
  '11': 'Beijing', '12': 'Tianjin', '13': 'Hebei', '14': 'Shanxi', '15': 'Inner Mongolia', '21': 'Liaoning', '22': 'Jilin',
  '23': 'Heilongjiang', '31': 'Shanghai', '32': 'Jiangsu', '33': 'Zhejiang', '34': 'Anhui', '35': 'Fujian', '36': 'Jiangxi',
  '37': 'Shandong', '41': 'Henan', '42': 'Hubei', '43': 'Hunan', '44': 'Guangdong', '45': 'Guangxi', '46': 'Hainan',
  '50': 'Chongqing', '51': 'Sichuan', '52': 'Guizhou', '53': 'Yunnan', '54': 'Tibet', '61': 'Shaanxi', '62': 'Gansu',
  '63': 'Qinghai', '64': 'Ningxia', '65': 'Xinjiang', '71': 'Taiwan',
};

export interface ProvinceProps { id: string; name: string; nameEn: string | null }

interface RawFeature { type: 'Feature'; properties: { id?: string; name: string }; geometry: Geometry }

/**
 * Province polygons with English names. The package's "南海诸岛" feature is an inset frame drawn
 * at about 139°E (not geographic coordinates), so it is left out of a geographic map.
 */
export const CHINA_PROVINCES: FeatureCollection<ProvinceProps> = {
  type: 'FeatureCollection',
  features: (chinaJson as unknown as { features: RawFeature[] }).features
    .filter((f) => f.properties.name !== '南海诸岛')
    .map((f) => ({
      type: 'Feature' as const,
      geometry: f.geometry,
      properties: { id: f.properties.id ?? '', name: f.properties.name, nameEn: PROVINCE_BY_GB_CODE[f.properties.id ?? ''] ?? null },
    })),
};

/** Bounds of a province's polygons (by English name), for zooming the map to it; null for an unknown name. */
export function provinceBounds(nameEn: string): { west: number; south: number; east: number; north: number } | null {
  const f = CHINA_PROVINCES.features.find((x) => x.properties.nameEn === nameEn);
  if (!f) return null;
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
  for (const ring of rings) {
    for (const pos of ring) {
      const lon = pos[0], lat = pos[1];
      if (lon === undefined || lat === undefined) continue;
      west = Math.min(west, lon); east = Math.max(east, lon); south = Math.min(south, lat); north = Math.max(north, lat);
    }
  }
  return Number.isFinite(west) ? { west, south, east, north } : null;
}
